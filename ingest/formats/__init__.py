"""Readers for formats beyond plain text: PDF (text layer or OCR), images (OCR), Word, saved web pages.

`ingest.readers.read_path` is the single entry point; these modules turn a file into text and
leave cleaning, segmentation, enrichment and chunking to the pipeline, as for every other format.

- layout: reading order of a printed page (columns, paragraphs) from boxed text, shared by PDF and OCR
- pdf:    pdfplumber text layer + pypdfium2 rendering of pages that need OCR
- ocr:    RapidOCR (PP-OCRv4, ONNX, models in the wheel: offline), low-confidence marking, progress
- docx:   python-docx paragraphs, tables and text boxes in document order
- web:    trafilatura main-content extraction, title and date; MHTML unpacking
"""
