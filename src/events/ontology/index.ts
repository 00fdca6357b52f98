/** eventwire's event ontology: the CAMEO codebook, PLOVER and its CAMEO crosswalk, CAMEO actor codes. */
export * from './cameo.js';
export * from './plover.js';
export * from './actors.js';
