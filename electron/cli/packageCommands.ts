import { readFile } from 'node:fs/promises'
import type { Command } from 'commander'
import { formatDiagnostic } from '../core/bank/diagnostics'
import type { Diagnostic } from '../core/bank/diagnostics'
import { loadBankFile } from '../core/bank/loadBank'
import { readTextFile } from '../core/bank/readTextFile'
import { spkiPem } from '../core/crypto/ed25519Keys'
import { writeFileAtomic } from '../core/fs/writeFileAtomic'
import { authorityPrivateKey } from '../core/package/authorityKeys'
import { buildPackage, verifyPackage } from '../core/package/examPackage'
import type { VerifiedPackage } from '../core/package/examPackage'
import { loadPackageSettingsFile } from '../core/package/loadPackageSettings'
import { SETTINGS_KEYS } from '../core/package/packageSettings'
import type { CommandContext } from './commandContext'
import { EXIT } from './exitCodes'
import type { ExitCode } from './exitCodes'
import { KeyFileError } from './keyFileError'
import { readSecret } from './secretInput'
import { reportingTypedFailures } from './typedFailure'

export const PACKAGE_PASSWORD_ENV = 'INVIGIL_PACKAGE_PASSWORD'

interface BuildFlags {
  bank: string
  settings?: string
  sign: string
  output: string
  password?: boolean
}

const printDiagnostics = (ctx: CommandContext, diagnostics: readonly Diagnostic[]): void => {
  for (const d of diagnostics) ctx.io.err(`${formatDiagnostic(d)}\n`)
}

const describePackage = (verified: VerifiedPackage): string =>
  `bank ${verified.bank_id}, created ${verified.created_at}, signed by authority key ${verified.header.kid}, ` +
  `${verified.encrypted ? 'encrypted (start password needed)' : 'not encrypted'}, sha256 ${verified.packageHash}`

async function readKeyFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8')
  } catch (error) {
    throw new KeyFileError('KEY_FILE_UNREADABLE', `cannot read the key file ${path}: ${(error as Error).message}`)
  }
}

async function build(ctx: CommandContext, flags: BuildFlags): Promise<ExitCode> {
  const loaded = await loadBankFile(flags.bank)
  printDiagnostics(ctx, loaded.diagnostics)
  if (!loaded.bank) {
    ctx.io.err(`invigil: error: ${flags.bank} is not a valid bank; ${flags.output} not written\n`)
    return EXIT.invalid
  }
  const settings = flags.settings ? await loadPackageSettingsFile(flags.settings, loaded.bank) : undefined
  if (settings) printDiagnostics(ctx, settings.diagnostics)
  if (settings && !settings.settings) {
    ctx.io.err(`invigil: error: ${flags.settings ?? ''} has errors; ${flags.output} not written\n`)
    return EXIT.invalid
  }
  const authorityPrivateKeyPem = await readKeyFile(flags.sign)
  const password = flags.password
    ? await readSecret({ envVar: PACKAGE_PASSWORD_ENV, what: 'start password', confirm: true }, ctx.io)
    : undefined
  const text = await buildPackage({
    bank: loaded.bank,
    settings: settings?.settings,
    assets: loaded.assets,
    authorityPrivateKeyPem,
    password,
    now: new Date(),
  })
  // Verifying before writing checks the result and reports exactly what a station will see, hash included.
  const verified = await verifyPackage(text, [spkiPem(authorityPrivateKey(authorityPrivateKeyPem))])
  await writeFileAtomic(flags.output, text)
  ctx.io.out(`wrote ${flags.output}: ${describePackage(verified)}\n`)
  return EXIT.ok
}

async function verify(ctx: CommandContext, file: string, authorityFiles: string[]): Promise<ExitCode> {
  const read = await readTextFile(file)
  if (!read.ok) {
    ctx.io.err(`invigil: error: ${file}: ${read.message}\n`)
    return EXIT.invalid
  }
  const trusted = await Promise.all(authorityFiles.map(readKeyFile))
  try {
    ctx.io.out(`ok: ${file}: ${describePackage(await verifyPackage(read.text, trusted))}\n`)
    return EXIT.ok
  } catch (error) {
    if (!(error instanceof Error && error.name === 'PackageError')) throw error
    ctx.io.out(`invalid: ${file}: ${error.message}\n`)
    return EXIT.invalid
  }
}

/** `invigil package …`: build signed (optionally encrypted) exam packages and check them. */
export function registerPackageCommands(program: Command, ctx: CommandContext): void {
  const pkg = program
    .command('package')
    .description('build and verify exam packages (a bank and its delivery settings, signed by the exam authority)')

  pkg
    .command('build')
    .description('build a signed package from a valid bank; writes OUT only if everything checks')
    .requiredOption('--bank <file>', 'the bank (must validate with no errors)')
    .option('--settings <file>', `delivery settings (YAML or JSON): ${SETTINGS_KEYS.join(', ')}`)
    .requiredOption('--sign <keyfile>', 'the authority private key (authority.key.pem)')
    .requiredOption('-o, --output <file>', 'the package file to write')
    .option(
      '--password',
      `encrypt with a start password, read from ${PACKAGE_PASSWORD_ENV} or asked twice in the terminal`,
    )
    .action(async (flags: BuildFlags) => ctx.exit(await reportingTypedFailures(ctx.io, () => build(ctx, flags))))

  pkg
    .command('verify')
    .description('check that a package is intact and signed by a trusted authority; exit 1 if not')
    .argument('<file>', 'the package file')
    .requiredOption('--authority <pubkeys...>', 'trusted authority public keys (authority.pub.pem)')
    .action(async (file: string, flags: { authority: string[] }) =>
      ctx.exit(await reportingTypedFailures(ctx.io, () => verify(ctx, file, flags.authority))),
    )
}
