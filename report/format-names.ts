// The report formats, apart from their renderers so the CLI can list them without loading any.
export const REPORT_FORMATS = ['table', 'json', 'csv', 'md', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Reference distributions `milgram report --reference` can draw beside the groups. */
export const REFERENCES = ['census'] as const;
