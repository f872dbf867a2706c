import { readFile } from 'node:fs/promises'
import type { Command } from 'commander'
import type { JWK } from 'jose'
import { ed25519PublicJwk, ed25519PublicKeyFromPem } from '../core/crypto/ed25519Keys'
import { ed25519JwkSchema } from '../core/bundle/bundleFormat'
import { verifyBundle } from '../core/bundle/bundleVerifier'
import { readRegularFile } from '../core/fs/readRegularFile'
import { MAX_BUNDLE_BYTES } from '../core/results/bundleFiles'
import type { VerifyBundleOptions } from '../core/bundle/bundleVerifier'
import { AUTHORITY_KEY_FLAG, AUTHORITY_KEY_HELP, readAuthorityKey } from './authorityKeyFile'
import type { CommandContext } from './commandContext'
import { EXIT } from './exitCodes'
import type { ExitCode } from './exitCodes'
import { KeyFileError } from './keyFileError'
import { UsageError } from './secretInput'
import { forTerminal } from './terminalText'

interface VerifyFlags {
  json?: boolean
  trust?: string[]
  authorityKey?: string
}

const looksLikeJson = (text: string): boolean => text.trimStart().startsWith('{')

async function readKeyText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8')
  } catch (error) {
    throw new KeyFileError('KEY_FILE_UNREADABLE', `cannot read ${file}: ${(error as Error).message}`)
  }
}

/** A station public key: a JWK (kty OKP, crv Ed25519), `station show --json`, or an SPKI PEM as `station show` prints. */
async function readStationKey(file: string): Promise<JWK> {
  const text = await readKeyText(file)
  try {
    if (!looksLikeJson(text)) return ed25519PublicJwk(ed25519PublicKeyFromPem(text))
    const parsed = JSON.parse(text) as Record<string, unknown>
    // `station show --json` (what `results trust` takes) holds the JWK under publicKeyJwk.
    const jwk = (
      typeof parsed.publicKeyJwk === 'object' && parsed.publicKeyJwk !== null ? parsed.publicKeyJwk : parsed
    ) as Record<string, unknown>
    const { kty, crv, x } = jwk
    return ed25519JwkSchema.parse({ kty, crv, x })
  } catch {
    throw new KeyFileError('BAD_KEY_FILE', `${file} is not an Ed25519 public key (JWK or PEM)`)
  }
}

async function verifyOne(
  file: string,
  options: VerifyBundleOptions,
): Promise<{ file: string; ok: boolean; reason: string }> {
  let bytes: Buffer
  try {
    // A named pipe, /dev/zero or a huge file is refused before it is opened, never read.
    bytes = await readRegularFile(file, MAX_BUNDLE_BYTES)
  } catch (error) {
    return { file, ok: false, reason: `cannot read the file: ${(error as Error).message}` }
  }
  const result = await verifyBundle(bytes, options)
  if (!result.ok) return { file, ok: false, reason: result.reason }
  const { session, candidate, station } = result.manifest
  return {
    file,
    ok: true,
    reason:
      `session ${session.id}, candidate ${candidate.id}, station ${station.id}${result.encrypted ? ', encrypted' : ''}` +
      (options.trustedStationKeys
        ? ', signed by a trusted station key'
        : '; checked against the key inside the file only: give --trust STATION_KEY to know which station signed it'),
  }
}

async function verifyFiles(ctx: CommandContext, files: string[], flags: VerifyFlags): Promise<ExitCode> {
  const options: VerifyBundleOptions = {}
  try {
    if (flags.trust) options.trustedStationKeys = await Promise.all(flags.trust.map(readStationKey))
    if (flags.authorityKey !== undefined) options.authorityPrivateKey = await readAuthorityKey(flags.authorityKey)
  } catch (error) {
    // A key file that holds no usable key is a usage error, not a failed bundle.
    if (!(error instanceof KeyFileError || error instanceof UsageError)) throw error
    ctx.io.err(`error: ${error.message}\n`)
    return EXIT.usage
  }
  const results = []
  for (const file of files) results.push(await verifyOne(file, options))
  if (flags.json === true) ctx.io.out(`${JSON.stringify(results, null, 2)}\n`)
  else
    for (const { file, ok, reason } of results)
      ctx.io.out(`${ok ? 'ok' : 'FAILED'}: ${forTerminal(file)}: ${forTerminal(reason)}\n`)
  return results.every((result) => result.ok) ? EXIT.ok : EXIT.invalid
}

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value]

/** `invigil bundle …`: checks signed result bundles; exit 0 all verified, 1 any failed, 2 usage. */
export function registerBundleCommands(program: Command, ctx: CommandContext): void {
  const bundle = program.command('bundle').description('check signed result bundles (invigil-result/1)')

  bundle
    .command('verify')
    .description('verify result bundles: exact format, station signature, manifest and event hash chain')
    .argument('<files...>', 'result bundle files')
    .option('--json', 'print a JSON array of {file, ok, reason} instead of text')
    .option(
      '--trust <keyFile>',
      'accept only this station public key (JWK or PEM); repeat for several stations',
      collect,
    )
    .option(AUTHORITY_KEY_FLAG, AUTHORITY_KEY_HELP)
    .addHelpText(
      'after',
      '\nExample:\n  invigil bundle verify results/*.jws --trust station-a.pem --trust station-b.pem\n',
    )
    .action(async (files: string[], flags: VerifyFlags) => ctx.exit(await verifyFiles(ctx, files, flags)))
}
