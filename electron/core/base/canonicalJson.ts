/**
 * Deterministic JSON: object keys sorted, no whitespace, no undefined members. What we hash and sign must
 * serialize to the same bytes on every machine, so a verifier can rebuild them exactly.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value)
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('canonicalJson: numbers must be finite')
    return JSON.stringify(value)
  }
  // Plain loops: this runs on every save and for every event a verifier checks, so it stays allocation-light.
  if (Array.isArray(value)) {
    let out = '['
    for (let i = 0; i < value.length; i++)
      out += (i === 0 ? '' : ',') + canonicalJson(value[i] === undefined ? null : value[i])
    return `${out}]`
  }
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>
    // Default sort compares UTF-16 code units: the same order on every machine.
    const keys = Object.keys(record).sort()
    let out = '{'
    for (const key of keys) {
      const member = record[key]
      if (member === undefined) continue
      out += `${out.length === 1 ? '' : ','}${JSON.stringify(key)}:${canonicalJson(member)}`
    }
    return `${out}}`
  }
  throw new TypeError(`canonicalJson: cannot serialize a ${typeof value}`)
}
