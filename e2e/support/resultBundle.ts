import { readFile } from 'node:fs/promises'
import { expect } from '@playwright/test'
import type { CandidateResponse } from '../../electron/core/api/contract'
import type { Bank } from '../../electron/core/bank/schema'
import { verifyBundle } from '../../electron/core/bundle/bundleVerifier'
import type { ResultManifest } from '../../electron/core/bundle/bundleFormat'
import { gradeResponses } from '../../electron/core/grading/grade'
import type { GradingResult } from '../../electron/core/grading/gradingTypes'
import type { BrowserHost } from '../../electron/host/browserHost'

/**
 * The end of the chain a result travels: the station exports the session's signed bundle, and the bundle is read
 * back from disk and verified under the station's public key, as a results office would.
 */
export async function exportedResult(app: BrowserHost, sessionId: string, outDir: string): Promise<ResultManifest> {
  const { file } = await app.runtime.exportBundle(sessionId, outDir)
  const verified = await verifyBundle(await readFile(file), { trustedStationKeys: [app.runtime.station.publicKeyJwk] })
  if (!verified.ok) throw new Error(`the exported bundle does not verify (${verified.code}): ${verified.reason}`)
  return verified.manifest
}

/** Multiple-choice letters compare as sets: the order they were ticked in is not part of the answer. */
function normalised(value: CandidateResponse): CandidateResponse {
  return Array.isArray(value) ? [...value].sort() : value
}

/** The bundle's responses as `{ unitId: value }`. */
export function responsesOf(manifest: ResultManifest): Record<string, CandidateResponse> {
  return Object.fromEntries(manifest.responses.map((saved) => [saved.item, normalised(saved.value)]))
}

/**
 * The bundle holds exactly the planned answers, and its scores are what the grading module gives the bank for
 * exactly those answers. Returns the expected grading, so callers can say more about it.
 */
export function expectScoredAsPlanned(
  manifest: ResultManifest,
  bank: Bank,
  planned: Record<string, CandidateResponse>,
): GradingResult {
  const plannedNormalised = Object.fromEntries(
    Object.entries(planned).map(([unitId, value]) => [unitId, normalised(value)]),
  )
  expect(responsesOf(manifest), 'the answers in the result bundle').toEqual(plannedNormalised)
  const expected = gradeResponses(bank, planned)
  expect(manifest.scores.total, 'the total score').toBe(expected.total)
  expect(manifest.scores, 'the unit and section scores').toEqual(expected)
  return expected
}
