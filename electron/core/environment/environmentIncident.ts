import type { JsonValue } from '../base/jsonValue'
import { EnvironmentError } from './environmentError'
import type { EnvironmentReport } from './environmentTypes'

/**
 * The environment report as an `environment_check` incident in the session log: the results when the check runs,
 * and, when a proctor lets a blocked session go ahead, the override with the proctor's reason. Incident data is
 * capped at 4 KB (sessionInputs.ts), so long evidence is clipped and, if still too long, left out.
 */
const MAX_INCIDENT_CHARS = 4000
const MAX_EVIDENCE_LINES = 5
const MAX_LINE_CHARS = 160

const clip = (text: string, max = MAX_LINE_CHARS): string => (text.length > max ? `${text.slice(0, max)}…` : text)

function summaryOf(report: EnvironmentReport, withEvidence: boolean): JsonValue[] {
  return report.checks.map((check) => {
    const entry: Record<string, JsonValue> = { id: check.id, status: check.status, summary: clip(check.summary) }
    if (withEvidence && check.status !== 'pass') {
      const shown = check.evidence.slice(0, MAX_EVIDENCE_LINES).map((line) => clip(line))
      const more = check.evidence.length - shown.length
      entry.evidence = more > 0 ? [...shown, `…and ${String(more)} more`] : shown
    }
    return entry
  })
}

export interface EnvironmentOverride {
  /** Why the proctor lets the session go ahead despite a failed check. Required. */
  reason: string
}

export function environmentIncidentData(
  report: EnvironmentReport,
  override?: EnvironmentOverride,
): Record<string, JsonValue> {
  const reason = override?.reason.trim()
  if (override && !reason) throw new EnvironmentError('OVERRIDE_REASON_REQUIRED', 'a proctor override needs a reason')
  const failed = report.checks.filter((check) => check.status === 'fail').map((check) => check.id)
  const head: Record<string, JsonValue> = override
    ? {
        event: 'override',
        summary: `A proctor overrode failed check(s) ${failed.join(', ') || '(none)'}.`,
        reason: clip(reason ?? '', 500),
        failed,
      }
    : {
        event: 'checked',
        summary: report.blocking ? `Failed: ${failed.join(', ')}.` : 'No check failed.',
        blocking: report.blocking,
      }
  const full = { ...head, checks: summaryOf(report, true) }
  return JSON.stringify(full).length <= MAX_INCIDENT_CHARS ? full : { ...head, checks: summaryOf(report, false) }
}

/** An environment_check incident's outcome as facts, for staff screens to word in the reader's language. */
export interface EnvironmentOutcome {
  outcome: 'passed' | 'failed' | 'overridden'
  failed: string[]
  reason?: string
}

/** Reads back what environmentIncidentData wrote; undefined for data it did not write. */
export function environmentOutcomeOf(data: Readonly<Record<string, unknown>>): EnvironmentOutcome | undefined {
  const ids = (list: unknown): string[] => (Array.isArray(list) ? list.filter((id) => typeof id === 'string') : [])
  if (data.event === 'override')
    return {
      outcome: 'overridden',
      failed: ids(data.failed),
      ...(typeof data.reason === 'string' ? { reason: data.reason } : {}),
    }
  if (data.event !== 'checked') return undefined
  const checks = Array.isArray(data.checks) ? (data.checks as { id?: unknown; status?: unknown }[]) : []
  const failed = ids(checks.filter((check) => check.status === 'fail').map((check) => check.id))
  return { outcome: data.blocking === true ? 'failed' : 'passed', failed }
}
