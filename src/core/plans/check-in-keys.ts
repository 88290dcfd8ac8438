/** How a step's check-in questions are named in the outbox (the dispatcher, the store and the sweeps agree on it). */
export const checkInMessageKey = "client.step.checkin";

export const checkInDedupePrefix = (stepId: string): string => `step:${stepId}:checkin:`;
export const checkInDedupeKey = (stepId: string, number: number): string => `${checkInDedupePrefix(stepId)}${number}`;

/** The number of a check-in from its dedupe key; null when the key is not one of the step's check-ins. */
export function checkInNumber(stepId: string, dedupeKey: string): number | null {
  const prefix = checkInDedupePrefix(stepId);
  if (!dedupeKey.startsWith(prefix)) return null;
  const number = Number(dedupeKey.slice(prefix.length));
  return Number.isSafeInteger(number) && number > 0 ? number : null;
}
