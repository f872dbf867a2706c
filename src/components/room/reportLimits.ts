/** The longest incident report the room keeps (core/room/incidentReports.ts MAX_REPORT_CHARS; src may not import it). */
export const MAX_REPORT_CHARS = 4000
