-- Every change to what a venue's menu shows notifies 'rotender_menu_changed' with the venue id, on commit.
-- Every menu-service replica listens and drops its cached menu of that venue (MenuCache): whichever replica
-- applied a catalog change or an availability event, no replica keeps serving the old menu.
-- The trigger's argument names the column holding the venue id.
CREATE FUNCTION notify_menu_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('rotender_menu_changed',
                      (CASE WHEN TG_OP = 'DELETE' THEN to_jsonb(OLD) ELSE to_jsonb(NEW) END) ->> TG_ARGV[0]);
    RETURN NULL;
END $$;

CREATE TRIGGER venue_menu_changed AFTER INSERT OR UPDATE OR DELETE ON venue
    FOR EACH ROW EXECUTE FUNCTION notify_menu_changed('id');
CREATE TRIGGER drink_menu_changed AFTER INSERT OR UPDATE OR DELETE ON drink
    FOR EACH ROW EXECUTE FUNCTION notify_menu_changed('venue_id');
CREATE TRIGGER ingredient_menu_changed AFTER INSERT OR UPDATE OR DELETE ON ingredient
    FOR EACH ROW EXECUTE FUNCTION notify_menu_changed('venue_id');
CREATE TRIGGER drink_availability_menu_changed AFTER INSERT OR UPDATE OR DELETE ON drink_availability
    FOR EACH ROW EXECUTE FUNCTION notify_menu_changed('venue_id');
CREATE TRIGGER venue_unit_menu_changed AFTER INSERT OR UPDATE OR DELETE ON venue_unit
    FOR EACH ROW EXECUTE FUNCTION notify_menu_changed('venue_id');
