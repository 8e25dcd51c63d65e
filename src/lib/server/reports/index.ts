export * from './links';
export { hashReportToken } from './token';
