import { createHash } from 'node:crypto'
import { access, mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import { formatDiagnostic } from '../bank/diagnostics'
import { loadBankText } from '../bank/loadBank'
import { readTextFile } from '../bank/readTextFile'
import { spkiPem } from '../crypto/ed25519Keys'
import { writeFileAtomic } from '../fs/writeFileAtomic'
import { authorityKeyId, authorityPrivateKey, generateAuthorityKeys } from '../package/authorityKeys'
import { buildPackage } from '../package/examPackage'

/**
 * Demo exams for development builds: the banks in `banks/` signed as packages by a demo authority made on this
 * computer, so `npm start` can install the seed exams through the same signed-package path a real station uses.
 * The demo authority's private key sits beside the station, which is why a packaged (production) app never
 * prepares them.
 */
export const DEMO_AUTHORITY_KEY_FILE = 'demo-authority.key.pem'
const MANIFEST_FILE = 'demo-exams.json'
const PACKAGE_EXTENSION = '.invigil-pkg'

export interface DemoExam {
  bankId: string
  title: string
  language: string
  /** The package file, signed by the demo authority. */
  packagePath: string
}

export interface DemoExams {
  authority: { keyId: string; publicKeyPem: string }
  exams: DemoExam[]
  /** Bank files that could not be packaged, with the first reason (file:line: what). */
  skipped: { file: string; reason: string }[]
}

export interface PrepareDemoExamsOptions {
  /** Where the demo authority key, the packages and their manifest live (created if missing). */
  dir: string
  /** The bank files to package: every .yaml/.yml file in it. */
  banksDir: string
  now?: () => Date
}

const manifestSchema = z.strictObject({
  authorityKeyId: z.string(),
  banks: z.record(
    z.string(),
    z.strictObject({
      sha256: z.string(),
      bankId: z.string(),
      title: z.string(),
      language: z.string(),
      packageFile: z.string(),
    }),
  ),
})
type Manifest = z.infer<typeof manifestSchema>

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex')

const exists = (path: string): Promise<boolean> =>
  access(path).then(
    () => true,
    () => false,
  )

async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as unknown
  } catch {
    return undefined
  }
}

/** A demo private key (PEM) at `path`: made once per demo folder by `make`, never overwritten. */
export async function keptDemoKey(path: string, make: () => string): Promise<string> {
  try {
    return await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  const privateKeyPem = make()
  try {
    await writeFile(path, privateKeyPem, { flag: 'wx', mode: 0o600 })
    return privateKeyPem
  } catch (error) {
    // Another instance made it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return await readFile(path, 'utf8')
    throw error
  }
}

/**
 * Packages each bank in `banksDir` with the demo authority, reusing a package while its bank file and the key are
 * unchanged (so an installed demo exam keeps its package hash across starts). Invalid banks are skipped, not fatal.
 */
export async function prepareDemoExams(options: PrepareDemoExamsOptions): Promise<DemoExams> {
  const now = options.now ?? (() => new Date())
  await mkdir(options.dir, { recursive: true, mode: 0o700 })
  const privateKeyPem = await keptDemoKey(
    join(options.dir, DEMO_AUTHORITY_KEY_FILE),
    () => generateAuthorityKeys().privateKeyPem,
  )
  const publicKey = authorityPrivateKey(privateKeyPem)
  const authority = { keyId: authorityKeyId(publicKey), publicKeyPem: spkiPem(publicKey) }

  const manifestPath = join(options.dir, MANIFEST_FILE)
  const stored = manifestSchema.safeParse(await readJson(manifestPath))
  const previous: Manifest['banks'] =
    stored.success && stored.data.authorityKeyId === authority.keyId ? stored.data.banks : {}
  const banks: Manifest['banks'] = {}
  const skipped: DemoExams['skipped'] = []

  const files = (await readdir(options.banksDir)).filter((name) => /\.ya?ml$/i.test(name)).sort()
  for (const file of files) {
    const path = join(options.banksDir, file)
    const read = await readTextFile(path)
    if (!read.ok) {
      skipped.push({ file: path, reason: `${read.message} (${read.hint})` })
      continue
    }
    const hash = sha256(read.text)
    const known = previous[file]
    if (known?.sha256 === hash && (await exists(join(options.dir, known.packageFile)))) {
      banks[file] = known
      continue
    }
    const { bank, diagnostics } = loadBankText(read.text, path)
    const firstError = diagnostics.find((d) => d.severity === 'error')
    if (!bank || firstError) {
      skipped.push({ file: path, reason: firstError ? formatDiagnostic(firstError) : 'not a bank' })
      continue
    }
    const packageFile = `${bank.id}${PACKAGE_EXTENSION}`
    await writeFileAtomic(
      join(options.dir, packageFile),
      await buildPackage({ bank, authorityPrivateKeyPem: privateKeyPem, now: now() }),
    )
    banks[file] = { sha256: hash, bankId: bank.id, title: bank.title, language: bank.language, packageFile }
  }
  await writeFileAtomic(
    manifestPath,
    `${JSON.stringify({ authorityKeyId: authority.keyId, banks } satisfies Manifest, null, 2)}\n`,
  )

  const exams = Object.values(banks).map(({ bankId, title, language, packageFile }) => ({
    bankId,
    title,
    language,
    packagePath: join(options.dir, packageFile),
  }))
  return { authority, exams, skipped }
}
