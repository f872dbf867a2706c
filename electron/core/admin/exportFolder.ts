import { constants } from 'node:fs'
import { access, stat } from 'node:fs/promises'
import { isAbsolute, resolve } from 'node:path'
import { AdminError } from './adminError'

/**
 * Where result bundles go: a folder the administrator names (a USB stick picked from the list exportTargets.ts
 * finds, or any folder typed). It must already exist and be writable: creating folders on a mistyped path would
 * scatter candidates' results where nobody looks for them.
 */
export type ExportFolderProblem = 'not_absolute' | 'missing' | 'not_directory' | 'not_writable'

const refuse = (path: string, problem: ExportFolderProblem, message: string): AdminError =>
  new AdminError('EXPORT_DIR_INVALID', `${path}: ${message}`, { problem })

/** The folder as an absolute, normalised path; AdminError EXPORT_DIR_INVALID (details.problem says why) if unusable. */
export async function checkExportFolder(path: string): Promise<string> {
  if (!isAbsolute(path)) throw refuse(path, 'not_absolute', 'give the full path of the folder')
  const folder = resolve(path)
  let info
  try {
    info = await stat(folder)
  } catch {
    throw refuse(folder, 'missing', 'there is no such folder')
  }
  if (!info.isDirectory()) throw refuse(folder, 'not_directory', 'this is a file, not a folder')
  try {
    await access(folder, constants.W_OK)
  } catch {
    throw refuse(folder, 'not_writable', 'this folder cannot be written to')
  }
  return folder
}
