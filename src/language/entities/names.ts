/** Word lists about the shape of organisation names, shared by entity resolution and the store's cross-article links. */

/** Last words that make a name an organisation's. */
export const ORGANISATION_SUFFIXES: ReadonlySet<string> = new Set([
  'inc', 'corp', 'corporation', 'co', 'company', 'companies', 'ltd', 'llc', 'plc', 'ag', 'sa', 'nv', 'n.v', 'gmbh',
  'group', 'holdings', 'motors', 'motor', 'airlines', 'airways', 'computer', 'computers', 'systems', 'technologies',
  'industries', 'communications', 'networks', 'partners', 'bank', 'insurance', 'pharmaceuticals', 'laboratories',
  'labs', 'electric', 'energy', 'enterprises', 'ministry', 'department', 'agency', 'bureau', 'commission', 'committee',
  'council', 'party', 'union', 'association', 'institute', 'university', 'foundation', 'fund', 'organization',
  'organisation', 'court', 'parliament', 'assembly', 'police', 'army', 'navy', 'times', 'post', 'journal', 'news',
]);

/** Words an acronym usually leaves out: "Federal Bureau of Investigation" is FBI. */
export const ACRONYM_SKIP: ReadonlySet<string> = new Set(['of', 'the', 'and', 'for', 'on', 'in', '&']);
