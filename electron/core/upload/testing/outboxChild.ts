/**
 * Test support: runs an outbox in a process of its own, so a test can kill it mid-request (SIGKILL: no cleanup,
 * the lock file and a counted attempt left behind, as after a power cut) and check that the next run resumes.
 *   node --import tsx electron/core/upload/testing/outboxChild.ts <outbox dir> <endpoint> <ca file>
 */
import { readFileSync } from 'node:fs'
import { createHttpsTransport } from '../bundleTransport'
import { Outbox } from '../outbox'

const [dir = '', endpoint = '', caFile = ''] = process.argv.slice(2)
const transport = createHttpsTransport({ endpoint, ca: readFileSync(caFile), timeoutMs: 60_000 })
try {
  const summary = await new Outbox(dir).run({ transport })
  process.stdout.write(`${JSON.stringify(summary)}\n`)
} finally {
  transport.close()
}
