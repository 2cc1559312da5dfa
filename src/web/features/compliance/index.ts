/** The compliance area's sections for the family page (load them lazily: they bring their own strings). */
export { ComplianceSection } from './ComplianceSection';
export { SanctionsSection } from './SanctionsSection';
