/** Which of the platform page's forms was refused, what it held and why. */
export type Section = 'city' | 'institution' | 'user'

export interface FormState {
  section: Section
  values: Record<string, string>
  error: string
}

/** The value a form of `section` shows: as typed after a refusal, else `fallback`. */
export const valueIn = (state: FormState | undefined, section: Section, name: string, fallback = '') =>
  state?.section === section ? (state.values[name] ?? fallback) : fallback
