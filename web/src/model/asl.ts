// The ASL definition's shape, as much of it as the page reads, and walks over
// its scopes (the top level, Parallel branches, Map processors).

export interface Catcher {
  ErrorEquals?: string[];
  Next?: string;
  ResultPath?: string | null;
}

export interface Retrier {
  ErrorEquals?: string[];
  IntervalSeconds?: number;
  MaxAttempts?: number;
  BackoffRate?: number;
}

export interface ChoiceRule {
  Next?: string;
  Condition?: string;
  Variable?: string;
  And?: ChoiceRule[];
  Or?: ChoiceRule[];
  Not?: ChoiceRule;
  [operator: string]: unknown;
}

export interface StateDef {
  Type: string;
  Next?: string;
  End?: boolean;
  Default?: string;
  Choices?: ChoiceRule[];
  Catch?: Catcher[];
  Retry?: Retrier[];
  Branches?: ScopeDef[];
  ItemProcessor?: ScopeDef;
  Iterator?: ScopeDef;
  Resource?: string;
  Comment?: string;
  [field: string]: unknown;
}

export interface ScopeDef {
  StartAt: string;
  States: Record<string, StateDef>;
  [field: string]: unknown;
}

export interface Definition extends ScopeDef {
  QueryLanguage?: string;
  Comment?: string;
}

/** The scopes a state contains: one per Parallel branch, or the Map's processor. */
export function innerScopes(state: StateDef): ScopeDef[] {
  if (state.Type === 'Parallel') return state.Branches ?? [];
  if (state.Type === 'Map') {
    const processor = state.ItemProcessor ?? state.Iterator;
    return processor ? [processor] : [];
  }
  return [];
}

export interface StateInfo {
  name: string;
  state: StateDef;
  /** Names of the enclosing Parallel/Map states, outermost first. */
  ancestors: string[];
  /** Index of the Parallel branch holding it (directly), if any. */
  branch?: number;
}

/** Every state of the definition, nested ones included, keyed by name. */
export function allStates(definition: ScopeDef): Map<string, StateInfo> {
  const out = new Map<string, StateInfo>();
  const walk = (scope: ScopeDef, ancestors: string[], branch?: number): void => {
    for (const [name, state] of Object.entries(scope.States ?? {})) {
      out.set(name, { name, state, ancestors, branch });
      const inner = innerScopes(state);
      inner.forEach((s, i) => walk(s, [...ancestors, name], state.Type === 'Parallel' ? i : undefined));
    }
  };
  walk(definition, []);
  return out;
}

export function parseDefinition(text: string): Definition | undefined {
  try {
    const value = JSON.parse(text) as Definition;
    return value && typeof value === 'object' ? value : undefined;
  } catch {
    return undefined;
  }
}
