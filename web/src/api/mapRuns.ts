// Map Run reads: DescribeMapRun (checked), and for a Distributed Map's child
// its parent execution and the definition it runs.
import { sfn } from './aws';
import type { StateMachineDescription } from './types';
import { parseDefinition } from '../model/asl';
import { childDefinition, mapRunLabel, readMapRun, type MapRun } from '../model/mapRun';

export const describeMapRun = async (mapRunArn: string): Promise<MapRun> =>
  readMapRun(await sfn('DescribeMapRun', { mapRunArn }), 'DescribeMapRun');

export interface MapRunParent {
  executionArn: string;
  mapRunArn: string;
}

/** The execution whose Distributed Map started this Map Run. */
export async function mapRunParent(mapRunArn: string): Promise<MapRunParent> {
  const run = await describeMapRun(mapRunArn);
  return { executionArn: run.executionArn, mapRunArn };
}

/** What a child of this Map Run runs: its Map's processor in the parent's definition ('' when not found). */
export async function childDefinitionText(mapRunArn: string): Promise<string> {
  const { executionArn } = await mapRunParent(mapRunArn);
  const machine = await sfn<StateMachineDescription>('DescribeStateMachineForExecution', { executionArn });
  const parentDefinition = parseDefinition(machine.definition);
  const processor = parentDefinition ? childDefinition(parentDefinition, mapRunLabel(mapRunArn)) : undefined;
  return processor ? JSON.stringify(processor) : '';
}
