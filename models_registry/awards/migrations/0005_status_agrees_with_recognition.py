"""A model's status and its recognition records never disagree (issue 12, item 1).

The rule, checked by the database at the end of every transaction (a deferred constraint trigger, so that
recognise() may write the decision and move the status in either order inside one transaction):
- a recognised model has a recognition decision in force;
- a decision in force belongs to a recognised model, or to one discontinued after its recognition.

Existing rows that break it are repaired first, each with a history row saying so:
- recognised without a decision in force (the import once allowed it): back to in progress;
- a decision in force on a model in progress: the published decision is the stronger fact, so the model
  becomes recognised; on any other status (draft, submitted, returned, rejected) the decision is revoked.
"""

from django.db import migrations

REPAIR = """
WITH broken AS (
    UPDATE initiatives_initiative i SET status = 'in_progress', status_changed_at = now(), updated_at = now()
    WHERE i.status = 'recognised'
      AND NOT EXISTS (SELECT 1 FROM awards_recognition r WHERE r.initiative_id = i.id AND r.revoked_at IS NULL)
    RETURNING i.id
)
INSERT INTO initiatives_statuschange (initiative_id, from_status, to_status, by_id, at, note)
SELECT id, 'recognised', 'in_progress', NULL, now(),
       'Sửa dữ liệu: mô hình ở trạng thái "Đã công nhận" nhưng không có quyết định công nhận còn hiệu lực.'
FROM broken;

WITH decided AS (
    UPDATE initiatives_initiative i SET status = 'recognised', status_changed_at = now(), updated_at = now()
    WHERE i.status = 'in_progress'
      AND EXISTS (SELECT 1 FROM awards_recognition r WHERE r.initiative_id = i.id AND r.revoked_at IS NULL)
    RETURNING i.id
)
INSERT INTO initiatives_statuschange (initiative_id, from_status, to_status, by_id, at, note)
SELECT id, 'in_progress', 'recognised', NULL, now(),
       'Sửa dữ liệu: mô hình đã có quyết định công nhận còn hiệu lực.'
FROM decided;

UPDATE awards_recognition r SET revoked_at = now(),
       revoke_reason = 'Sửa dữ liệu: mô hình không ở trạng thái "Đã công nhận" nên quyết định được ghi là đã thu hồi.'
FROM initiatives_initiative i
WHERE r.initiative_id = i.id AND r.revoked_at IS NULL AND i.status NOT IN ('recognised', 'discontinued');
"""

TRIGGERS = """
CREATE FUNCTION dvk_status_agrees_with_recognition() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    target bigint;
    current_status text;
    in_force integer;
BEGIN
    IF TG_TABLE_NAME = 'initiatives_initiative' THEN
        target := NEW.id;
    ELSIF TG_OP = 'DELETE' THEN
        target := OLD.initiative_id;
    ELSE
        target := NEW.initiative_id;
    END IF;
    SELECT status INTO current_status FROM initiatives_initiative WHERE id = target;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    SELECT count(*) INTO in_force FROM awards_recognition WHERE initiative_id = target AND revoked_at IS NULL;
    IF current_status = 'recognised' AND in_force = 0 THEN
        RAISE EXCEPTION 'model % is recognised without a recognition decision in force', target
            USING ERRCODE = 'check_violation', CONSTRAINT = 'initiative_status_agrees_with_recognition';
    END IF;
    IF in_force > 0 AND current_status NOT IN ('recognised', 'discontinued') THEN
        RAISE EXCEPTION 'model % has a recognition decision in force but is %', target, current_status
            USING ERRCODE = 'check_violation', CONSTRAINT = 'initiative_status_agrees_with_recognition';
    END IF;
    RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER initiative_status_agrees_with_recognition
    AFTER INSERT OR UPDATE OF status ON initiatives_initiative
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION dvk_status_agrees_with_recognition();

CREATE CONSTRAINT TRIGGER recognition_agrees_with_status
    AFTER INSERT OR UPDATE OR DELETE ON awards_recognition
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION dvk_status_agrees_with_recognition();
"""

DROP_TRIGGERS = """
DROP TRIGGER recognition_agrees_with_status ON awards_recognition;
DROP TRIGGER initiative_status_agrees_with_recognition ON initiatives_initiative;
DROP FUNCTION dvk_status_agrees_with_recognition();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0004_recognition_level_area_level"),
        ("initiatives", "0005_returned_status"),
    ]

    operations = [
        migrations.RunSQL(REPAIR, migrations.RunSQL.noop),
        migrations.RunSQL(TRIGGERS, DROP_TRIGGERS),
    ]
