import { describe, expect, it } from 'vitest'
import { checkVirtualMachine } from './virtualMachineCheck'
import { fakeProbes, WIN_SYSTEM } from './testing/fakeProbes'

const VENDOR = '/sys/class/dmi/id/sys_vendor'
const PRODUCT = '/sys/class/dmi/id/product_name'
const cpuinfo = (flags: string): string => `processor\t: 0\nmodel name\t: Intel(R) Core(TM) i5\nflags\t\t: ${flags}\n`
const linux = (vendor: string, product: string, flags = 'fpu vme sse2 avx2'): ReturnType<typeof fakeProbes> =>
  fakeProbes({
    platform: 'linux',
    files: { [VENDOR]: `${vendor}\n`, [PRODUCT]: `${product}\n`, '/proc/cpuinfo': cpuinfo(flags) },
  })

describe('checkVirtualMachine on Linux', () => {
  it.each([
    ['VMware, Inc.', 'VMware Virtual Platform', `${VENDOR} = "VMware, Inc." (VMware)`],
    ['innotek GmbH', 'VirtualBox', `${PRODUCT} = "VirtualBox" (VirtualBox)`],
    ['QEMU', 'Standard PC (Q35 + ICH9, 2009)', `${VENDOR} = "QEMU" (QEMU/KVM)`],
    ['Microsoft Corporation', 'Virtual Machine', `${PRODUCT} = "Virtual Machine" (Hyper-V)`],
    ['Xen', 'HVM domU', `${VENDOR} = "Xen" (Xen)`],
    [
      'Parallels Software International Inc.',
      'Parallels Virtual Platform',
      `${VENDOR} = "Parallels Software International Inc." (Parallels)`,
    ],
    ['Amazon EC2', 't3.large', `${VENDOR} = "Amazon EC2" (Amazon EC2)`],
  ])('fails on %s / %s and names the matching string and file', async (vendor, product, line) => {
    const check = await checkVirtualMachine(linux(vendor, product, 'fpu hypervisor'), 'fail')
    expect(check).toMatchObject({
      id: 'virtual-machine',
      status: 'fail',
      summary: 'This station appears to run inside a virtual machine.',
    })
    expect(check.evidence).toContain(line)
  })

  it.each([
    ['Dell Inc.', 'OptiPlex 7090'],
    ['LENOVO', '20XW0026GE'],
    // The false positives a substring check would make: a Surface is Microsoft's, not Hyper-V's.
    ['Microsoft Corporation', 'Surface Laptop 5'],
    ['Xenon Systems', 'Workstation'],
    ['HP', 'PKVM-2000 Tower'],
    ['ASUSTeK COMPUTER INC.', 'VivoBook Virtual Edition X'],
  ])('passes the physical machine %s / %s', async (vendor, product) => {
    const check = await checkVirtualMachine(linux(vendor, product), 'fail')
    expect(check).toMatchObject({ status: 'pass', evidence: [`${VENDOR} = "${vendor}"`, `${PRODUCT} = "${product}"`] })
  })

  it('only warns on the CPU hypervisor flag when the firmware names no VM product', async () => {
    const check = await checkVirtualMachine(linux('Some Vendor', 'Some Board', 'fpu hypervisor sse2'), 'fail')
    expect(check).toMatchObject({
      status: 'warn',
      summary: 'The CPU reports a hypervisor, but the firmware names no known virtual machine.',
    })
    expect(check.evidence[0]).toBe('/proc/cpuinfo flags include "hypervisor"')
  })

  it('does not read "hypervisor" inside another flag', async () => {
    expect((await checkVirtualMachine(linux('Dell Inc.', 'OptiPlex', 'fpu nohypervisor_x'), 'fail')).status).toBe(
      'pass',
    )
  })

  it('warns that it could not check when nothing is readable (a container without /sys/class/dmi)', async () => {
    const check = await checkVirtualMachine(fakeProbes({ platform: 'linux' }), 'fail')
    expect(check).toMatchObject({ status: 'warn', summary: 'Could not check for a virtual machine.' })
    expect(check.evidence).toEqual([
      `not readable: ${VENDOR}`,
      `not readable: ${PRODUCT}`,
      'not readable: /proc/cpuinfo',
    ])
  })

  it('only warns, even on strong evidence, when the center says so', async () => {
    expect((await checkVirtualMachine(linux('VMware, Inc.', 'VMware7,1'), 'warn')).status).toBe('warn')
  })
})

describe('checkVirtualMachine on Windows', () => {
  const windows = (answer: string | { ok: false; error: string }): ReturnType<typeof fakeProbes> =>
    fakeProbes({ platform: 'win32', commands: { [WIN_SYSTEM]: answer } })

  it('fails on a VMware guest, naming the CIM property', async () => {
    const check = await checkVirtualMachine(windows('{"Manufacturer":"VMware, Inc.","Model":"VMware7,1"}'), 'fail')
    expect(check.status).toBe('fail')
    expect(check.evidence).toEqual([
      'Win32_ComputerSystem.Manufacturer = "VMware, Inc." (VMware)',
      'Win32_ComputerSystem.Model = "VMware7,1" (VMware)',
    ])
  })

  it('fails on a Hyper-V guest but passes a Surface with Hyper-V or VBS turned on', async () => {
    expect(
      (await checkVirtualMachine(windows('{"Manufacturer":"Microsoft Corporation","Model":"Virtual Machine"}'), 'fail'))
        .status,
    ).toBe('fail')
    expect(
      (await checkVirtualMachine(windows('{"Manufacturer":"Microsoft Corporation","Model":"Surface Pro 9"}'), 'fail'))
        .status,
    ).toBe('pass')
  })

  it('warns that it could not check when PowerShell fails or answers nonsense', async () => {
    expect(await checkVirtualMachine(windows({ ok: false, error: 'powershell.exe: timed out' }), 'fail')).toMatchObject(
      {
        status: 'warn',
        evidence: ['not readable: Win32_ComputerSystem (powershell.exe: timed out)'],
      },
    )
    expect((await checkVirtualMachine(windows('not json'), 'fail')).status).toBe('warn')
    expect((await checkVirtualMachine(windows('{}'), 'fail')).status).toBe('warn')
  })
})

describe('checkVirtualMachine on macOS', () => {
  const mac = (answers: Record<string, string>): ReturnType<typeof fakeProbes> =>
    fakeProbes({
      platform: 'darwin',
      commands: Object.fromEntries(Object.entries(answers).map(([name, value]) => [`sysctl -n ${name}`, `${value}\n`])),
    })

  it('fails when the kernel says it runs under a hypervisor', async () => {
    const check = await checkVirtualMachine(
      mac({ 'kern.hv_vmm_present': '1', 'hw.model': 'MacBookPro16,1', 'machdep.cpu.features': 'FPU VME VMM SSE' }),
      'fail',
    )
    expect(check.status).toBe('fail')
    expect(check.evidence).toEqual(['sysctl kern.hv_vmm_present = "1"', 'sysctl machdep.cpu.features includes "VMM"'])
  })

  it('fails on an Apple Virtualization guest model', async () => {
    const check = await checkVirtualMachine(mac({ 'kern.hv_vmm_present': '0', 'hw.model': 'VirtualMac2,1' }), 'fail')
    expect(check).toMatchObject({
      status: 'fail',
      evidence: ['sysctl hw.model = "VirtualMac2,1" (Apple Virtualization)'],
    })
  })

  it('passes Apple silicon, which has no machdep.cpu.features at all', async () => {
    expect(await checkVirtualMachine(mac({ 'kern.hv_vmm_present': '0', 'hw.model': 'Mac14,2' }), 'fail')).toMatchObject(
      {
        status: 'pass',
        evidence: ['sysctl hw.model = "Mac14,2"'],
      },
    )
  })
})
