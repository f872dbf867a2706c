export type EnvironmentErrorCode = 'ENVIRONMENT_CONFIG_INVALID' | 'OVERRIDE_REASON_REQUIRED'

/** A station's environment.yaml that does not validate, or an override without a reason. */
export class EnvironmentError extends Error {
  override readonly name = 'EnvironmentError'
  constructor(
    readonly code: EnvironmentErrorCode,
    message: string,
  ) {
    super(message)
  }
}
