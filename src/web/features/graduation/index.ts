/** What other areas use from graduation (load it lazily: `lazy(() => import('../graduation'))`-style). */
export { GraduationSummary } from './GraduationSummary';
