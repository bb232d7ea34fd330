-- Any change to partner access notifies 'rotender_partner_changed' on commit: every replica of every service
-- drops its cache of authenticated keys (PartnerDirectory), so a revoked key stops working at once.
CREATE FUNCTION notify_partner_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('rotender_partner_changed', '');
    RETURN NULL;
END $$;

CREATE TRIGGER partner_access_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON partner_access
    FOR EACH STATEMENT EXECUTE FUNCTION notify_partner_changed();
CREATE TRIGGER partner_key_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON partner_key
    FOR EACH STATEMENT EXECUTE FUNCTION notify_partner_changed();
