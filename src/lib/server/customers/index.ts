export * from './customers';
export * from './vehicle-history';
export * from './vehicles';
export * from './vin';
export { lookupWmi, vinRegion, WMI_TABLE, type VinRegion } from './wmi';
