/**
 * A payment history → the floor's steps. Taken at run time from a payment the run itself just made,
 * so the floor follows the workflow as it is today: remove an activity from the payment and the floor
 * loses it too. Only what costs Temporal work is kept (messages, commands); workflow-task events
 * follow from those and are not steps.
 */
import { temporal } from '@temporalio/proto';
import type { FloorShape, FloorStep } from './definitions';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
const T = temporal.api.enums.v1.EventType;

const LOCAL_ACTIVITY_MARKER = 'core_local_activity';
const PATCH_MARKER = 'core_patch';
const PATCH_SEARCH_ATTRIBUTE = 'TemporalChangeVersion';

export function shapeFromHistory(flow: string, events: readonly HistoryEvent[]): FloorShape {
  const steps: FloorStep[] = [];
  const timerOf = new Map<string, number>();
  let lastActivityTask: string | undefined;

  for (const event of events) {
    const id = String(event.eventId);
    switch (event.eventType) {
      case T.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED:
        steps.push({ kind: 'await-update' });
        break;
      case T.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED:
        steps.push({ kind: 'finish-update' });
        break;
      case T.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED:
        steps.push({ kind: 'await-signal' });
        break;
      case T.EVENT_TYPE_TIMER_STARTED: {
        const timer = timerOf.size;
        timerOf.set(id, timer);
        const fire = event.timerStartedEventAttributes?.startToFireTimeout;
        steps.push({ kind: 'start-timer', timer, ms: durationMs(fire) });
        break;
      }
      case T.EVENT_TYPE_TIMER_FIRED:
        steps.push({ kind: 'await-timer', timer: timerFor(timerOf, event.timerFiredEventAttributes) });
        break;
      case T.EVENT_TYPE_TIMER_CANCELED:
        steps.push({ kind: 'cancel-timer', timer: timerFor(timerOf, event.timerCanceledEventAttributes) });
        break;
      case T.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED: {
        // Scheduled by the same workflow task: started together, as the payment did.
        const task = String(event.activityTaskScheduledEventAttributes?.workflowTaskCompletedEventId);
        const last = steps[steps.length - 1];
        if (last?.kind === 'activity' && lastActivityTask === task) last.count += 1;
        else steps.push({ kind: 'activity', count: 1 });
        lastActivityTask = task;
        break;
      }
      case T.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES: {
        // The SDK's own upsert that goes with a patch marker: the floor's patched() makes it too.
        const fields = Object.keys(
          event.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields ?? {},
        );
        if (!(fields.length === 1 && fields[0] === PATCH_SEARCH_ATTRIBUTE)) steps.push({ kind: 'upsert' });
        break;
      }
      case T.EVENT_TYPE_MARKER_RECORDED: {
        const name = event.markerRecordedEventAttributes?.markerName;
        if (name === LOCAL_ACTIVITY_MARKER) steps.push({ kind: 'local-activity' });
        else if (name === PATCH_MARKER) steps.push({ kind: 'patch', id: `floor-patch-${steps.length}` });
        break;
      }
      default:
        break;
    }
  }
  return { flow, steps };
}

/** How many of each thing a shape does, for reports and for checking the floor against the payment. */
export function shapeCounts(shape: FloorShape): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const step of shape.steps) {
    const weight = step.kind === 'activity' ? step.count : 1;
    counts[step.kind] = (counts[step.kind] ?? 0) + weight;
  }
  return counts;
}

function timerFor(
  timerOf: Map<string, number>,
  attrs: { startedEventId?: unknown } | null | undefined,
): number {
  const timer = timerOf.get(String(attrs?.startedEventId));
  if (timer === undefined) throw new Error('history has a timer event for a timer it never started');
  return timer;
}

function durationMs(d: { seconds?: unknown; nanos?: number | null } | null | undefined): number {
  const seconds = Number(d?.seconds ?? 0);
  return Math.max(1, Math.round(seconds * 1000 + (d?.nanos ?? 0) / 1e6));
}
