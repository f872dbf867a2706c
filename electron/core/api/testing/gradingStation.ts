import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { installInput } from '../../runtime/testing/runtimeFixture'
import type { ExportJob } from '../contract'
import { openStaffStation } from './staffFixture'
import type { StaffStation } from './staffFixture'

/** Test support: a set-up station with the runtime exam installed, both staff signed in, and an export folder. */
export interface GradingStation {
  station: StaffStation
  admin: string
  proctor: string
  /** A temp folder standing in for the USB stick, mounted in the only folder admin.exportTargets looks in. */
  outDir: string
  /** Polls an export job until it is no longer running. */
  finished(job: ExportJob): Promise<ExportJob>
  close(): Promise<void>
}

export async function openGradingStation(): Promise<GradingStation> {
  const mounts = mkdtempSync(join(tmpdir(), 'invigil-media-'))
  const outDir = join(mounts, 'USB-STICK')
  mkdirSync(outDir)
  const station = await openStaffStation({ exportTargetRoots: [mounts] })
  await station.setUp()
  station.runtime.installExam(installInput())
  const admin = await station.adminToken()
  const proctor = await station.proctorToken()
  return {
    station,
    admin,
    proctor,
    outDir,
    async finished(job) {
      let current = job
      while (current.state === 'running') {
        await new Promise((resolve) => setTimeout(resolve, 5))
        current = await station.ok('admin.jobStatus', { token: admin, jobId: job.jobId })
      }
      return current
    },
    async close() {
      await station.close()
      rmSync(mounts, { recursive: true, force: true })
    },
  }
}
