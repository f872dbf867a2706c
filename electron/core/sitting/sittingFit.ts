import type { VerifiedPackage } from '../package/examPackage'
import type { VerifiedSitting } from './sittingFile'
import { SittingError } from './sittingError'

/**
 * What a station decides about a verified sitting before installing it: is it for this station, is it still to be
 * sat, and which package it delivers. Pure, so each refusal is tested on its own; the install writes nothing until
 * these pass.
 */
export function assertSittingFits(sitting: VerifiedSitting, stationId: string, nowMs: number): void {
  const { payload } = sitting
  if (payload.stations && !payload.stations.includes(stationId))
    throw new SittingError(
      'SITTING_NOT_FOR_STATION',
      `sitting ${payload.id} is for stations ${payload.stations.join(', ')}, not this station (${stationId}); ` +
        "ask the authority for a sitting that lists this station's id (`invigil station show`)",
    )
  if (nowMs >= Date.parse(payload.window.closes_at))
    throw new SittingError(
      'SITTING_CLOSED',
      `sitting ${payload.id} closed at ${payload.window.closes_at}; it can no longer be installed`,
    )
}

/**
 * The packages a sitting delivers, in its order: each candidate sits the one the roster assigns. An encrypted
 * package (its start password is given at the station, later) is refused for now rather than guessed at, and then
 * none of the sitting's packages is installed.
 */
export function sittingPackages(sitting: VerifiedSitting): { verified: VerifiedPackage; text: string }[] {
  return sitting.packages.map((verified, index) => {
    const text = sitting.payload.packages[index]?.text
    if (text === undefined) throw new Error(`sitting ${sitting.payload.id} lists fewer packages than it holds`)
    if (verified.encrypted)
      throw new SittingError(
        'SITTING_PACKAGE_UNSUPPORTED',
        `package ${verified.bank_id} of sitting ${sitting.payload.id} is encrypted; install it with its start password under Install an exam package`,
      )
    return { verified, text }
  })
}
