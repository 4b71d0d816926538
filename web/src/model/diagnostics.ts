// ValidateStateMachineDefinition's diagnostics, attached to the states they
// are about (their location is a JSON pointer such as /States/Name/Next, or
// /States/P/Branches/0/States/Inner/Type for a nested state: the innermost wins).

export interface Diagnostic {
  severity: string;
  code: string;
  message: string;
  location?: string;
}

/** Diagnostics by state name, from their locations (/States/Name/...). */
export function diagnosticsByState(diagnostics: Diagnostic[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const d of diagnostics) {
    const parts = (d.location ?? '').split('/');
    let state: string | undefined;
    for (let i = 0; i < parts.length - 1; i++) if (parts[i] === 'States') state = parts[i + 1];
    if (!state) continue;
    const list = out.get(state) ?? [];
    list.push(`${d.severity} ${d.code}: ${d.message}`);
    out.set(state, list);
  }
  return out;
}

