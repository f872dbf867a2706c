import type { EnvironmentOutcome } from '@contract'
import { checkNameKey } from './checkNames'

type Translate = (key: string, values?: Record<string, unknown>) => string

/** An environment check's outcome in the reader's words: the proctor's incident feed and the admin's session story. */
export function environmentOutcomeText(t: Translate, environment: EnvironmentOutcome): string {
  const checks = environment.failed.map((id) => {
    const key = checkNameKey(id)
    return key ? t(key) : id
  })
  return t(`proctor.incidents.environment.${environment.outcome}`, {
    checks: checks.join(t('proctor.incidents.environment.separator')),
    reason: environment.reason ?? '',
  })
}
