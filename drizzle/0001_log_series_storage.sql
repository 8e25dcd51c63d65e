-- Packed float32 values do not compress, so pglz would only burn CPU on them (EXTERNAL: never compress,
-- move out of line only when needed). With toast_tuple_target at its maximum, a 1 kHz channel's 1 s row
-- (2 × 4000 bytes) stays inline in the heap instead of going to the TOAST table as 4 chunks + index entries.
ALTER TABLE "log_series" ALTER COLUMN "times" SET STORAGE EXTERNAL;--> statement-breakpoint
ALTER TABLE "log_series" ALTER COLUMN "values" SET STORAGE EXTERNAL;--> statement-breakpoint
ALTER TABLE "log_series" SET (toast_tuple_target = 8160);
