/**
 * The floor's activities do nothing: what an activity costs Temporal (three events, a task on the
 * queue, a worker slot) is the floor; what the provider call costs on top is the payment's.
 */
export const floorActivities = {
  async noop(): Promise<void> {
    // intentionally empty
  },
};

export type FloorActivities = typeof floorActivities;
