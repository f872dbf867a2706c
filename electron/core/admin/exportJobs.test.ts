import { describe, expect, it } from 'vitest'
import { defaultRandom } from '../crypto/randomSource'
import { ExportJobs } from './exportJobs'
import { type ExportedFile } from './exportJobTypes'

const nowIso = () => '2026-11-23T09:00:00.000Z'
const describeFailure = (sessionId: string, error: unknown) => ({
  sessionId,
  code: 'EXPORT_FAILED',
  message: String((error as Error).message),
})

/** An exporter the test releases one session at a time. */
function gatedExporter() {
  const gates: (() => void)[] = []
  const exportOne = (sessionId: string): Promise<ExportedFile> =>
    new Promise((resolve, reject) =>
      gates.push(() =>
        sessionId === 'bad'
          ? reject(new Error('disk full'))
          : resolve({
              sessionId,
              candidateId: 'C',
              file: `/usb/${sessionId}.jws`,
              sha256: 'ab',
              pendingManual: 0,
              encrypted: false,
            }),
      ),
    )
  const release = async () => {
    gates.shift()?.()
    await new Promise((resolve) => setTimeout(resolve, 0))
  }
  return { exportOne, release }
}

describe('export jobs', () => {
  it('reports progress session by session, failures included, and a summary at the end', async () => {
    const jobs = new ExportJobs(defaultRandom, nowIso)
    const { exportOne, release } = gatedExporter()
    const job = jobs.start('/usb', ['a', 'bad', 'c'], exportOne, describeFailure)
    expect(job).toMatchObject({ state: 'running', total: 3, done: 0, outDir: '/usb' })
    expect(job.jobId).toMatch(/^job_[0-9a-f]{24}$/)
    await release()
    expect(jobs.get(job.jobId)).toMatchObject({ state: 'running', done: 1, files: [{ sessionId: 'a' }] })
    expect(() => jobs.start('/usb', ['x'], exportOne, describeFailure)).toThrow(
      expect.objectContaining({ code: 'EXPORT_IN_PROGRESS' }),
    )
    await release()
    await release()
    await jobs.idle()
    expect(jobs.get(job.jobId)).toMatchObject({
      state: 'finished',
      done: 3,
      files: [{ sessionId: 'a' }, { sessionId: 'c' }],
      failures: [{ sessionId: 'bad', code: 'EXPORT_FAILED', message: 'disk full' }],
      finishedAt: nowIso(),
    })
    expect(jobs.busy()).toBe(false)
  })

  it('finishes at once with nothing to export, and knows no job it did not start', async () => {
    const jobs = new ExportJobs(defaultRandom, nowIso)
    const job = jobs.start('/usb', [], () => Promise.reject(new Error('unused')), describeFailure)
    await jobs.idle()
    expect(jobs.get(job.jobId)).toMatchObject({ state: 'finished', total: 0, done: 0 })
    expect(() => jobs.get(`job_${'0'.repeat(24)}`)).toThrow(expect.objectContaining({ code: 'JOB_NOT_FOUND' }))
  })
})
