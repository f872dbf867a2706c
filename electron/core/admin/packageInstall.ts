import { openPackage, verifyPackage } from '../package/examPackage'
import type { InstallExamInput } from '../exam/examCatalog'
import type { InstalledExamInfo } from '../exam/installedExamInfo'

/**
 * Installs an exam package as the administrator gives it: the signature is checked against the station's trusted
 * authorities before anything is decrypted, then the start password (if the package has one) opens it, and the
 * station installs it as its exam. Failures are PackageError (untrusted, altered, wrong password) or RuntimeError.
 */
export async function installPackageText(
  install: (input: InstallExamInput) => InstalledExamInfo,
  trustedAuthorityPems: readonly string[],
  packageText: string,
  startPassword?: string,
): Promise<InstalledExamInfo> {
  return install(await openPackageText(trustedAuthorityPems, packageText, startPassword))
}

/** The verify-then-open half of an install, for a caller that installs several packages in one transaction. */
export async function openPackageText(
  trustedAuthorityPems: readonly string[],
  packageText: string,
  startPassword?: string,
): Promise<InstallExamInput> {
  const verified = await verifyPackage(packageText, trustedAuthorityPems)
  const { bank, settings, assets } = await openPackage(verified, startPassword)
  return {
    bank,
    settings,
    ...(assets ? { assets } : {}),
    packageHash: verified.packageHash,
    source: `package ${verified.bank_id}, authority ${verified.header.kid}`,
  }
}
