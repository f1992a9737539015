/**
 * What a run cost Temporal per workflow: history length and state transitions from describe() (the
 * figures omes' state_transitions scenarios use), and, for one history, the events by type, in order,
 * so that what to cut is visible.
 */
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { summarize, type Summary } from './stats';

export interface HistoryCost {
  events: Summary;
  stateTransitions: Summary;
  historyBytes: Summary;
}

const EVENT_NAMES = temporal.api.enums.v1.EventType;
const DESCRIBE_CONCURRENCY = 8;

export async function historyCosts(client: Client, workflowIds: readonly string[]): Promise<HistoryCost> {
  const events: number[] = [];
  const transitions: number[] = [];
  const bytes: number[] = [];
  let next = 0;
  const slot = async () => {
    for (let i = next++; i < workflowIds.length; i = next++) {
      const described = await client.workflow.getHandle(workflowIds[i] as string).describe();
      events.push(described.historyLength);
      transitions.push(Number(described.raw.workflowExecutionInfo?.stateTransitionCount ?? 0));
      bytes.push(described.historySize ?? 0);
    }
  };
  await Promise.all(Array.from({ length: DESCRIBE_CONCURRENCY }, slot));
  return {
    events: summarize(events),
    stateTransitions: summarize(transitions),
    historyBytes: summarize(bytes),
  };
}

export interface EventBreakdown {
  total: number;
  byType: Record<string, number>;
  /** One line per event: id, type, and what it was about (activity type, timer length, update name). */
  sequence: string[];
}

export async function eventBreakdown(client: Client, workflowId: string): Promise<EventBreakdown> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const byType: Record<string, number> = {};
  const sequence: string[] = [];
  for (const event of history.events ?? []) {
    const type = (EVENT_NAMES[event.eventType ?? 0] ?? String(event.eventType)).replace('EVENT_TYPE_', '');
    byType[type] = (byType[type] ?? 0) + 1;
    sequence.push(`${String(event.eventId)} ${type}${detail(event)}`);
  }
  return { total: sequence.length, byType, sequence };
}

function detail(event: temporal.api.history.v1.IHistoryEvent): string {
  const activity = event.activityTaskScheduledEventAttributes?.activityType?.name;
  if (activity) return ` ${activity}`;
  const timer = event.timerStartedEventAttributes?.startToFireTimeout;
  if (timer) return ` ${Number(timer.seconds ?? 0) + (timer.nanos ?? 0) / 1e9}s`;
  const update = event.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name;
  if (update) return ` ${update}`;
  const signal = event.workflowExecutionSignaledEventAttributes?.signalName;
  if (signal) return ` ${signal}`;
  const marker = event.markerRecordedEventAttributes?.markerName;
  if (marker) return ` ${marker}`;
  return '';
}
