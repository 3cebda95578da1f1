-- SAR and UAR without a WWSF look mappings up by web identity alone; the unique (wwsf_identity, web_identity)
-- index cannot serve that (its leading column is the WWSF), so they scanned the whole table.
CREATE INDEX web_identity_mapping_web_identity ON web_identity_mapping (web_identity);
