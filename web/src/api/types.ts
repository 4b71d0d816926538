// The Step Functions API shapes the page reads.
import type { HistoryEvent } from '../model/history';

export interface StateMachineListItem {
  stateMachineArn: string;
  name: string;
  type: string;
  creationDate: number;
}

export interface StateMachineDescription {
  stateMachineArn: string;
  name: string;
  status?: string;
  definition: string;
  roleArn: string;
  type: string;
  creationDate: number;
  revisionId?: string;
  description?: string;
}

export interface VersionItem {
  stateMachineVersionArn: string;
  creationDate: number;
}

export interface AliasItem {
  stateMachineAliasArn: string;
  creationDate: number;
}

export interface Diagnostic {
  severity: 'ERROR' | 'WARNING';
  code: string;
  message: string;
  location?: string;
}

export interface ExecutionListItem {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: string;
  startDate: number;
  stopDate?: number;
  redriveCount?: number;
  /** A Distributed Map's child: the Map Run that started it. */
  mapRunArn?: string;
  /** A child listed by its Map Run: the items it processed. */
  itemCount?: number;
}

export interface ExecutionDescription extends ExecutionListItem {
  input?: string;
  output?: string;
  error?: string;
  cause?: string;
  redriveStatus?: string;
  redriveStatusReason?: string;
  stateMachineVersionArn?: string;
  stateMachineAliasArn?: string;
}

export interface HistoryPage {
  events: HistoryEvent[];
  nextToken?: string;
}

export const EXECUTION_STATUSES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE'] as const;
