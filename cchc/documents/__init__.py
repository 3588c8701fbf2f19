"""Official documents: DOCX in the national administrative format (NĐ 30/2020/NĐ-CP) and the letters
built on it (the apology for late dossiers, TT 01/2018/TT-VPCP Mẫu 04 and its TT 03/2025 successor).

``vietnamese`` formats dates and numbers the way the decree writes them, ``officialdoc`` lays a document
out, ``apology`` fills in the apology letter. The rules about *when* an apology is due live in the pure
core (``cchc.core.apology_rules``).
"""
