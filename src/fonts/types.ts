/** Font types: placeholder until the font module lands. */
export interface FontSet {
  readonly roles: Record<string, unknown>;
}
