"""Official documents: DOCX in the national administrative format (NĐ 30/2020/NĐ-CP) and the documents
built on it: the apology for late dossiers (TT 01/2018/TT-VPCP Mẫu 04 and its TT 03/2025 successor) and
the periodic PAR report with its XLSX annexes and PDF (issue #4).

``vietnamese`` formats dates and numbers the way the decree writes them, ``officialdoc`` lays a document
out, ``apology`` fills in the apology letter, ``par_report`` collects the periodic report's content from the
database and writes its DOCX, ``annexes`` its XLSX annexes, ``pdf`` converts a DOCX with LibreOffice, and
``packaging`` makes the DOCX and XLSX bytes reproducible. The rules about *when* an apology is due live in
the pure core (``cchc.core.apology_rules``).
"""
