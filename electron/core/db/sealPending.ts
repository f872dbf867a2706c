/**
 * Databases whose migration 7 ran in this process: only they may have their station seal made from what they hold
 * (stationSeal.ts). An unsealed row anywhere else means someone cleared the MAC to have the station reseal edited rows.
 */
const pending = new WeakSet<object>()

export const markSealPending = (db: object): void => void pending.add(db)

/** True once for a database marked pending: the seal is then made, and the mark spent. */
export function takeSealPending(db: object): boolean {
  const was = pending.has(db)
  pending.delete(db)
  return was
}
