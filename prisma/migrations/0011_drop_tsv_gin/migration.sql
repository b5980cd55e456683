-- Lexical search reads the BM25 postings (chunk_terms), never the tsvector through an index: the GIN index only cost
-- every ingested chunk an index update.
DROP INDEX IF EXISTS "chunks_tsv_idx";
