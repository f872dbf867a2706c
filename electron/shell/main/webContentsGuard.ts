import { app } from 'electron'
import type { Event, Session } from 'electron'
import { navigationPolicy, permissionPolicy } from '../../core/kiosk/navigationPolicy'
import type { OsEvent } from '../../core/kiosk/osEventIncident'

/**
 * For every web contents the app ever creates: navigation only within the app's origin, no new windows (which
 * also covers middle-click and Shift+click on a link), no <webview>; and for the session: every permission
 * request and check denied, no downloads.
 */
export function guardWebContents(appOrigin: string, report: (event: OsEvent) => void): void {
  app.on('web-contents-created', (_event, contents) => {
    const stayInApp = (event: Event, url: string): void => {
      if (navigationPolicy(url, appOrigin) === 'allow') return
      event.preventDefault()
      report({ kind: 'navigation-denied', url })
    }
    contents.on('will-navigate', (event) => stayInApp(event, event.url))
    contents.on('will-frame-navigate', (event) => stayInApp(event, event.url))
    contents.on('will-redirect', (event) => stayInApp(event, event.url))
    contents.setWindowOpenHandler(({ url }) => {
      report({ kind: 'window-open-denied', url })
      return { action: 'deny' }
    })
    contents.on('will-attach-webview', (event) => event.preventDefault())
  })
}

export function denyPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, permission, callback) =>
    callback(permissionPolicy(permission) === 'allow'),
  )
  session.setPermissionCheckHandler((_contents, permission) => permissionPolicy(permission) === 'allow')
  session.setDevicePermissionHandler(() => false)
  session.on('will-download', (event) => event.preventDefault())
}
