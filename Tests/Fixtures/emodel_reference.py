#!/usr/bin/env python3
"""An independent implementation of ITU-T G.107 (06/2015) clause 7, written from the
recommendation for the tests of netagent's EModel: reads [[T_ms, Ppl_percent, BurstR, Ie, Bpl], ...]
as JSON on stdin and prints the R of each, as JSON. Every other input is G.107 Table 2's default."""
import json
import math
import sys

SLR, RLR, STMR, LSTR, Ds, TELR, WEPL = 8, 2, 15, 18, 3, 65, 110
qdu, Nc, Nfor, Ps, Pr, A = 1, -70, -64, 35, 35, 0


def r_factor(T, Ppl, BurstR, Ie, Bpl):
    Ta, Tr = T, 2 * T
    OLR = SLR + RLR
    Nfo = Nfor + RLR
    Pre = Pr + 10 * math.log10(1 + 10 ** ((10 - LSTR) / 10))
    Nor = RLR - 121 + Pre + 0.008 * (Pre - 35) ** 2
    Nos = Ps - SLR - Ds - 100 + 0.004 * (Ps - OLR - Ds - 14) ** 2
    No = 10 * math.log10(10 ** (Nc / 10) + 10 ** (Nos / 10) + 10 ** (Nor / 10) + 10 ** (Nfo / 10))
    Ro = 15 - 1.5 * (SLR + No)

    Xolr = OLR + 0.2 * (64 + No - RLR)
    Iolr = 20 * ((1 + (Xolr / 8) ** 8) ** (1 / 8) - Xolr / 8)
    STMRo = -10 * math.log10(10 ** (-STMR / 10) + 10 ** (-TELR / 10))
    Ist = (12 * (1 + ((STMRo - 13) / 6) ** 8) ** (1 / 8)
           - 28 * (1 + ((STMRo + 1) / 19.4) ** 35) ** (1 / 35)
           - 13 * (1 + ((STMRo - 3) / 33) ** 13) ** (1 / 13) + 29)
    Q = 37 - 15 * math.log10(qdu)
    G = 1.07 + 0.258 * Q + 0.0602 * Q ** 2
    Z = 46 / 30 - G / 40
    Y = (Ro - 100) / 15 + 46 / 8.4 - G / 9
    Iq = 15 * math.log10(1 + 10 ** Y + 10 ** Z)
    Is = Iolr + Ist + Iq

    Roe = -1.5 * (No - RLR)
    TERV = TELR - 40 * math.log10((1 + T / 10) / (1 + T / 150)) + 6 * math.exp(-0.3 * T ** 2)
    Re = 80 + 2.5 * (TERV - 14)
    Idte = ((Roe - Re) / 2 + math.sqrt((Roe - Re) ** 2 / 4 + 100) - 1) * (1 - math.exp(-T))
    Rle = 10.5 * (WEPL + 7) * (Tr + 1) ** -0.25
    Idle = (Ro - Rle) / 2 + math.sqrt((Ro - Rle) ** 2 / 4 + 169)
    if Ta <= 100:
        Idd = 0
    else:
        X = math.log10(Ta / 100) / math.log10(2)
        Idd = 25 * ((1 + X ** 6) ** (1 / 6) - 3 * (1 + (X / 3) ** 6) ** (1 / 6) + 2)
    Id = Idte + Idle + Idd

    Ie_eff = Ie + (95 - Ie) * Ppl / (Ppl / BurstR + Bpl)
    return Ro - Is - Id - Ie_eff + A


print(json.dumps([r_factor(*case) for case in json.load(sys.stdin)]))
