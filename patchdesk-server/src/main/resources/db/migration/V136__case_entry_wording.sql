-- What the server writes into a timeline entry, as message keys and arguments (cases.EntryWordings): each reader
-- reads "Likely duplicate of …", merges, fleet notes and diagnoses in their own language. Rows before this one
-- keep their stored English text (the console still words the file and link sentences it recognises).
ALTER TABLE case_entries ADD COLUMN wording TEXT;
