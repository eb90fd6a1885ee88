-- why a case waits for a dispatcher, as a stable code beside the zh-CN text people read
ALTER TABLE {schema}.cases
    ADD COLUMN queued_reason_code text;
