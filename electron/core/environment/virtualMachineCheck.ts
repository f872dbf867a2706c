import type { CheckVerdict } from './environmentPolicy'
import { checkWords } from './environmentMessages'
import type { EnvironmentCheck, EnvironmentProbes } from './environmentTypes'

/**
 * Virtual-machine hints. A candidate's real desktop can sit outside a VM window, out of the exam's sight.
 *
 * Strong evidence (the firmware or the kernel names a hypervisor product) fails; weak evidence (only a CPU flag)
 * warns. Deliberately not used: Windows' Win32_ComputerSystem.HypervisorPresent and the CPUID hypervisor bit on
 * Windows, which are also true on real PCs with Hyper-V, WSL2 or Virtualization-Based Security turned on: the most
 * common false positive of this kind of check.
 */
interface Signature {
  label: string
  field: 'vendor' | 'model'
  pattern: RegExp
}

const SIGNATURES: readonly Signature[] = [
  { label: 'VMware', field: 'vendor', pattern: /vmware/i },
  { label: 'VMware', field: 'model', pattern: /vmware/i },
  { label: 'VirtualBox', field: 'model', pattern: /virtualbox/i },
  { label: 'VirtualBox', field: 'vendor', pattern: /innotek/i },
  { label: 'QEMU/KVM', field: 'vendor', pattern: /\bqemu\b/i },
  { label: 'QEMU/KVM', field: 'model', pattern: /\bkvm\b/i },
  { label: 'QEMU/KVM', field: 'model', pattern: /^Standard PC \(/i },
  // "Microsoft Corporation" alone is also every Surface; Hyper-V guests say "Virtual Machine" as the model.
  { label: 'Hyper-V', field: 'model', pattern: /^Virtual Machine$/i },
  { label: 'Xen', field: 'vendor', pattern: /\bxen\b/i },
  { label: 'Xen', field: 'model', pattern: /HVM domU/i },
  { label: 'Parallels', field: 'vendor', pattern: /parallels/i },
  { label: 'Parallels', field: 'model', pattern: /parallels/i },
  { label: 'Apple Virtualization', field: 'model', pattern: /^VirtualMac/i },
  { label: 'bhyve', field: 'vendor', pattern: /\bbhyve\b/i },
  { label: 'Amazon EC2', field: 'vendor', pattern: /amazon ec2/i },
  { label: 'Google Compute Engine', field: 'model', pattern: /google compute engine/i },
]

interface Reading {
  where: string
  field: 'vendor' | 'model'
  value: string
}

/** What one OS's probes found: names to match against the signatures, direct kernel evidence, weak hints, and
 * the sources that could not be read. */
interface Findings {
  readings: Reading[]
  kernel: string[]
  hints: string[]
  unread: string[]
}

const signatureMatches = (readings: readonly Reading[]): string[] =>
  readings.flatMap((reading) =>
    SIGNATURES.filter((sig) => sig.field === reading.field && sig.pattern.test(reading.value)).map(
      (sig) => `${reading.where} = "${reading.value}" (${sig.label})`,
    ),
  )

async function readLinux(probes: EnvironmentProbes): Promise<Findings> {
  const files = [
    ['/sys/class/dmi/id/sys_vendor', 'vendor'],
    ['/sys/class/dmi/id/product_name', 'model'],
  ] as const
  const readings: Reading[] = []
  const unread: string[] = []
  for (const [where, field] of files) {
    const value = (await probes.readText(where))?.trim()
    if (value) readings.push({ where, field, value })
    else unread.push(where)
  }
  const cpuinfo = await probes.readText('/proc/cpuinfo')
  if (cpuinfo === undefined) unread.push('/proc/cpuinfo')
  const flags = cpuinfo?.split('\n').find((line) => /^flags\s*:/.test(line))
  const hints = flags?.split(/\s+/).includes('hypervisor') ? ['/proc/cpuinfo flags include "hypervisor"'] : []
  return { readings, kernel: [], hints, unread }
}

async function readWindows(probes: EnvironmentProbes): Promise<Findings> {
  const where = 'Win32_ComputerSystem'
  const query =
    'Get-CimInstance -ClassName Win32_ComputerSystem | Select-Object Manufacturer, Model | ConvertTo-Json -Compress'
  const result = await probes.run('powershell.exe', ['-NoProfile', '-NonInteractive', '-Command', query])
  if (!result.ok) return { readings: [], kernel: [], hints: [], unread: [`${where} (${result.error})`] }
  try {
    const info = JSON.parse(result.stdout) as { Manufacturer?: unknown; Model?: unknown }
    const readings: Reading[] = []
    if (typeof info.Manufacturer === 'string')
      readings.push({ where: `${where}.Manufacturer`, field: 'vendor', value: info.Manufacturer.trim() })
    if (typeof info.Model === 'string')
      readings.push({ where: `${where}.Model`, field: 'model', value: info.Model.trim() })
    return { readings, kernel: [], hints: [], unread: readings.length ? [] : [where] }
  } catch {
    return { readings: [], kernel: [], hints: [], unread: [`${where} (unreadable output)`] }
  }
}

async function readMac(probes: EnvironmentProbes): Promise<Findings> {
  const sysctl = async (name: string): Promise<string | undefined> => {
    const result = await probes.run('sysctl', ['-n', name])
    return result.ok ? result.stdout.trim() : undefined
  }
  const [vmm, features, model] = await Promise.all([
    sysctl('kern.hv_vmm_present'),
    sysctl('machdep.cpu.features'),
    sysctl('hw.model'),
  ])
  const readings: Reading[] = model ? [{ where: 'sysctl hw.model', field: 'model', value: model }] : []
  const kernel: string[] = []
  // kern.hv_vmm_present is set by the kernel only when it runs under a hypervisor.
  if (vmm === '1') kernel.push('sysctl kern.hv_vmm_present = "1"')
  // Intel Macs: the CPU advertises VMM inside a guest. Apple silicon has no such sysctl, which is not a finding.
  if (features?.split(/\s+/).includes('VMM')) kernel.push('sysctl machdep.cpu.features includes "VMM"')
  return { readings, kernel, hints: [], unread: vmm === undefined ? ['sysctl kern.hv_vmm_present'] : [] }
}

export async function checkVirtualMachine(probes: EnvironmentProbes, verdict: CheckVerdict): Promise<EnvironmentCheck> {
  const id = 'virtual-machine'
  const read = probes.platform === 'win32' ? readWindows : probes.platform === 'darwin' ? readMac : readLinux
  const { readings, kernel, hints, unread } = await read(probes)
  const strong = [...signatureMatches(readings), ...kernel]
  const checked = readings.map((reading) => `${reading.where} = "${reading.value}"`)
  if (strong.length > 0) {
    return {
      id,
      status: verdict === 'fail' ? 'fail' : 'warn',
      ...checkWords('vmFound', 'vmFoundDetails'),
      evidence: strong,
    }
  }
  if (hints.length > 0) {
    return {
      id,
      status: 'warn',
      ...checkWords('vmHint', 'vmHintDetails'),
      evidence: [...hints, ...checked],
    }
  }
  if (checked.length === 0 && unread.length > 0) {
    return {
      id,
      status: 'warn',
      ...checkWords('vmUnread', 'vmUnreadDetails'),
      evidence: unread.map((where) => `not readable: ${where}`),
    }
  }
  return {
    id,
    status: 'pass',
    ...checkWords('vmNone', 'vmNoneDetails'),
    evidence: checked,
  }
}
