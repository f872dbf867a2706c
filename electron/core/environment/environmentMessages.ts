/**
 * What an environment check says, as a message key and its values: the proctor's screen translates it
 * (`proctor.environment.checks.<key>` in the renderer's catalogs, in the proctor's language), while the session log
 * and the command line keep the English below. test/environmentMessages.test.ts keeps en.json equal to these.
 */
export const ENVIRONMENT_MESSAGES_EN = {
  displaysNone: 'The OS reported no display.',
  displaysNoneDetails: 'The count could not be checked; look at the station.',
  displaysOne: 'One display is attached.',
  displaysAllowed: '{count} displays are attached (allowed: {max}).',
  displaysNoExtra: 'No extra screen is connected.',
  displaysTooMany: '{count} displays are attached; this station allows {max}.',
  displaysHowToFix:
    'A second screen can show the exam to someone else, or notes to the candidate. Disconnect it, or mirror it so both ' +
    'show the same picture (Windows: Win+P › Duplicate; macOS: System Settings › Displays › Mirror; Linux: display ' +
    'settings › Mirror). A mirrored pair counts as one display.',
  displaysNotChecked: 'Displays are not checked in the browser host.',
  displaysNotCheckedDetails: 'Only the Electron app can count the attached screens; look at the station yourself.',
  vmFound: 'This station appears to run inside a virtual machine.',
  vmFoundDetails:
    'The host computer outside the VM is out of the exam’s sight. Sit the exam on the physical station, or a proctor may override if the center deliberately runs exams in VMs.',
  vmHint: 'The CPU reports a hypervisor, but the firmware names no known virtual machine.',
  vmHintDetails:
    'This is seen under less common hypervisors and some cloud hosts. Check that the station is the physical machine in front of the candidate.',
  vmUnread: 'Could not check for a virtual machine.',
  vmUnreadDetails: 'The firmware information was not readable; check the station by eye.',
  vmNone: 'No virtual machine detected.',
  vmNoneDetails: 'The firmware names a physical machine.',
  remoteSession: 'The app is running in a remote session.',
  remoteSessionDetails:
    'Someone not at this keyboard sees or controls the exam. Start the app from the station’s own console session.',
  remoteHint: 'A remote-access service is present, but this session is local.',
  remoteHintDetails:
    'The window is on this machine’s own screen. A running remote-desktop server may be idle, and an SSH login may only have started the app; check that nobody is connected, and turn the service off for exams (see the deployment guide).',
  remoteLocal: 'The session is local.',
  remoteLocalDetails: 'No remote display, remote session or remote-desktop server was found.',
  processesUnlisted: 'Could not list the running programs.',
  processesUnlistedDetails: 'Check the station by eye for remote-control, recording and chat programs.',
  processesNone: 'No prohibited program is running.',
  processesNoneDetails: '{processes} processes checked against {rules} rules.',
  processesFound: 'Prohibited program(s) running: {programs}.',
  processesFoundDetails:
    'Quit them (including their background service or tray icon) and run the check again. If a rule is wrong for this center, an administrator can change environment.yaml.',
} as const

export type EnvironmentMessageKey = keyof typeof ENVIRONMENT_MESSAGES_EN
export type MessageParams = Readonly<Record<string, string | number>>

export interface CheckMessage {
  key: EnvironmentMessageKey
  params: MessageParams
}

/** The English of a message, as vue-i18n would render it: `{name}` replaced by its value. */
export function englishOf(message: CheckMessage): string {
  return ENVIRONMENT_MESSAGES_EN[message.key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in message.params ? String(message.params[name]) : whole,
  )
}

/** A check's two sentences, both as keys for the screens and as English for the log. */
export function checkWords(
  summary: EnvironmentMessageKey,
  details: EnvironmentMessageKey,
  params: MessageParams = {},
): { summary: string; details: string; messages: { summary: CheckMessage; details: CheckMessage } } {
  const messages = { summary: { key: summary, params }, details: { key: details, params } }
  return { summary: englishOf(messages.summary), details: englishOf(messages.details), messages }
}
