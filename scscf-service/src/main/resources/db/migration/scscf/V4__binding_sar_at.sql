-- Issue 12: when the HSS last assigned the binding's IMPU to this S-CSCF (SAR REGISTRATION/RE_REGISTRATION
-- answered). A refresh within scscf.registrar.reregistration-sar-interval of it, for the same private identity
-- and WWSF, sends no SAR (profile D11: SAR RE_REGISTRATION may be rate-limited). Null: not known, SAR is sent.
ALTER TABLE registration_binding ADD COLUMN sar_at TIMESTAMPTZ;
