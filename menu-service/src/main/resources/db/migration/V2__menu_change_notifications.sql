-- Every change to what a venue's menu shows notifies 'rotender_menu_changed' with the venue id, on commit.
-- Every menu-service replica listens and drops its cached menu of that venue (MenuCache): whichever replica
-- applied a catalog change or an availability event, no replica keeps serving the old menu.
CREATE FUNCTION notify_menu_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('rotender_menu_changed', CASE WHEN TG_OP = 'DELETE' THEN OLD.venue_id ELSE NEW.venue_id END);
    RETURN NULL;
END $$;

CREATE TRIGGER drink_menu_changed AFTER INSERT OR UPDATE OR DELETE ON drink
    FOR EACH ROW EXECUTE FUNCTION notify_menu_changed();
CREATE TRIGGER ingredient_menu_changed AFTER INSERT OR UPDATE OR DELETE ON ingredient
    FOR EACH ROW EXECUTE FUNCTION notify_menu_changed();
CREATE TRIGGER drink_availability_menu_changed AFTER INSERT OR UPDATE OR DELETE ON drink_availability
    FOR EACH ROW EXECUTE FUNCTION notify_menu_changed();
CREATE TRIGGER venue_unit_menu_changed AFTER INSERT OR UPDATE OR DELETE ON venue_unit
    FOR EACH ROW EXECUTE FUNCTION notify_menu_changed();

CREATE FUNCTION notify_venue_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('rotender_menu_changed', CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END);
    RETURN NULL;
END $$;

CREATE TRIGGER venue_menu_changed AFTER INSERT OR UPDATE OR DELETE ON venue
    FOR EACH ROW EXECUTE FUNCTION notify_venue_changed();
