#!/usr/bin/python3
"""CI smoke test of the training pipeline (well under a minute).

1. Trains a tiny angle-conditioned model (dims 2_2_2_2 with one extra CONV
   layer, so every layer kind runs) for 2 float + 2 QAT epochs on 600
   freshly rendered nominal dice, exports it, and checks that the C
   validator accepts it and that the C reference decodes exactly the pixels
   and layer hashes of the PyTorch integer emulation (export.check_export).
2. Trains it again with the same seed: the exported bytes are identical
   (determinism).
3. Trains a tiny CVAE (L = 2, bell roll) for 1 + 1 epochs and checks C ==
   emulation the same way, and that its roll profile parameters are the
   documented ones.
4. --prune-from: pruning a model to its own dims keeps every channel and
   gives exactly the same float decoder; pruning it to 1_2_1_2 copies
   exactly the weights between the kept channels.
5. --keep-calibration: QAT continued from a checkpoint keeps its frozen
   activation scales bit for bit (and refuses to run with float epochs).
6. --scale-search: the searched activation scales never raise the integer
   MSE on the search's images, the search is deterministic, and the model
   it gives still decodes in C exactly as in the emulation.
7. QAT keeps its best epoch: QAT at a learning rate that wrecks the model
   hands back the starting model bit for bit.
8. --final-search after --keep-calibration with no QAT epochs: C ==
   emulation, and the float MSE is the checkpoint's.
9. --polish: the integer polish of every layer never raises the integer
   MSE on its images, is deterministic, writes back float parameters that
   quantize to exactly the polished integers (same M and S), and the model
   decodes in C exactly as in the emulation.
10. --pip-weight: training with the pip reader's loss runs both phases,
   records the reader's SHA-256 in the recipe, and exports a model that
   decodes in C exactly as in the emulation.
11. report.py's Recipes table sums the epochs, lists the polish stages and
   takes the pip loss weight of every run that made a model, back to its
   random start or its --prune-from run, and no further.
Prints "N passed, M failed"; exits 1 on any failure.
"""

import os
import sys
import tempfile

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import cref  # noqa: E402
import export  # noqa: E402
import train  # noqa: E402
import tvae_emul as emul  # noqa: E402


def tiny(mode, extra_args):
    args = train.make_parser().parse_args(
        ["--mode", mode, "--n-train", "600", "--n-test", "120", "--batch", "32",
         "--eval-every", "100", "--out", "unused.pt"] + extra_args)
    cfg = train.config_from_args(args)
    cfg["command"] = "test_smoke.py"
    return train.train(cfg, log=lambda m: print("  " + m, flush=True)), cfg


def noisy_targets(dec, seed):
    """64 latents over the angle range, pip counts 1..6, and as targets the
    model's own integer output plus seeded noise (room to improve on),
    whole pixel values over 255 as in the data sets."""
    import torch
    q = torch.arange(-128, 128, 4, dtype=torch.float64)[:, None]
    pips = torch.arange(64) % 6 + 1
    noise = torch.rand(64, 1, 32, 32, generator=torch.Generator().manual_seed(seed),
                       dtype=torch.float64)
    with torch.no_grad():
        img = torch.round((dec.forward_int(q, pips, grad=False) + noise * 51.0).clamp(0, 255)) / 255.0
    return q, pips, img


def main():
    with tempfile.TemporaryDirectory() as tmp:
        return run(tmp)


def run(tmp):
    passed = failed = 0
    results = {}

    def check(name, fn):
        nonlocal passed, failed
        try:
            msg = fn()
            print("PASS: %s%s" % (name, ": " + msg if msg else ""), flush=True)
            passed += 1
        except Exception as e:  # noqa: BLE001 -- report every failure kind
            print("FAIL: %s: %s: %s" % (name, type(e).__name__, e), flush=True)
            failed += 1

    def angle_model():
        (dec, enc, stats), cfg = tiny("angle", ["--dims", "2_2_2_2", "--extra", "1",
                                                "--float-epochs", "2", "--qat-epochs", "2"])
        blob = export.model_bytes(cfg, dec)
        n = export.check_export(cfg, dec, blob)
        results["angle"] = blob
        path = os.path.join(tmp, "m.pt")
        train.save_checkpoint(path, cfg, dec, enc, stats)
        results["angle_ckpt"] = path
        cfg2, dec2, _, _ = train.load_checkpoint(path)
        assert export.model_bytes(cfg2, dec2) == blob, "checkpoint round trip changed the export"
        return "%d bytes, C == emulation on %d latents, int8 MSE %.4f" % (
            len(blob), n, stats["int_mse_emul"])

    def determinism():
        (dec, _, _), cfg = tiny("angle", ["--dims", "2_2_2_2", "--extra", "1",
                                          "--float-epochs", "2", "--qat-epochs", "2"])
        assert export.model_bytes(cfg, dec) == results["angle"], "second run differs"
        return "same seed, same bytes"

    def cvae_model():
        (dec, enc, stats), cfg = tiny("cvae", ["--dims", "2_2_2_2", "--latent", "2",
                                               "--float-epochs", "1", "--qat-epochs", "1"])
        blob = export.model_bytes(cfg, dec)
        n = export.check_export(cfg, dec, blob)
        m = emul.parse_model(blob)
        assert (m["roll_kind"], m["roll_mult"], m["roll_shift"]) == train.roll_mult_shift("cvae")
        assert m["latent"] == 2 and m["frac"] == train.CVAE_FRAC
        return "%d bytes, C == emulation on %d latents" % (len(blob), n)

    def prune():
        import torch
        _, src, _, _ = train.load_checkpoint(results["angle_ckpt"])
        z = torch.linspace(-1, 1, 64)[:, None]
        pips = torch.arange(64) % 6 + 1
        same = train.Decoder((2, 2, 2, 2), 1, 1, train.ANGLE_FRAC)
        kept = train.prune_into(same, src, z, pips)
        assert kept == [[0, 1]] * 5, kept     # dense, 3 CONVT, 1 extra CONV
        with torch.no_grad():
            assert torch.equal(same.forward_float(z, pips), src.forward_float(z, pips))
        small = train.Decoder((1, 2, 1, 2), 1, 1, train.ANGLE_FRAC)
        kept = train.prune_into(small, src, z, pips)
        assert [len(k) for k in kept] == [2, 1, 2, 1, 1], kept
        c0 = kept[0]
        sel = [pos * 2 + c for pos in range(16) for c in c0]
        assert torch.equal(small.w0, src.w0[sel]) and torch.equal(small.h0, src.h0[:, sel])
        assert torch.equal(small.ws[0], src.ws[0][kept[1]][:, :, :, c0])
        assert torch.equal(small.ws[3], src.ws[3][kept[4]][:, :, :, kept[3]])
        assert torch.equal(small.ws[4], src.ws[4][:, :, :, kept[4]])
        assert torch.equal(small.bs[4], src.bs[4])
        return "identity prune exact; kept channels %s" % kept

    def keep_calibration():
        args = ["--dims", "2_2_2_2", "--extra", "1", "--init-from", results["angle_ckpt"],
                "--keep-calibration", "--float-epochs", "0", "--qat-epochs", "1"]
        (dec, _, _), cfg = tiny("angle", args)
        _, src, _, _ = train.load_checkpoint(results["angle_ckpt"])
        assert dec.act_max_ch.tolist() == src.act_max_ch.tolist(), "scales changed"
        export.check_export(cfg, dec, export.model_bytes(cfg, dec))
        try:
            tiny("angle", args[:-4] + ["--float-epochs", "1", "--qat-epochs", "1"])
        except ValueError:
            return "scales kept; refused with float epochs"
        raise AssertionError("--keep-calibration with float epochs was accepted")

    def scale_search():
        import torch
        _, dec, _, _ = train.load_checkpoint(results["angle_ckpt"])
        cfg, dec2, _, _ = train.load_checkpoint(results["angle_ckpt"])
        q, pips, img = noisy_targets(dec, 3)
        with torch.no_grad():
            before = float(((dec.forward_int(q, pips, grad=False) / 255.0 - img) ** 2).mean())
        quiet = lambda m: None  # noqa: E731
        after = dec.search_scales(q, pips, img, 1, quiet)
        assert after <= before, "search raised the MSE %.6f -> %.6f" % (before, after)
        assert dec2.search_scales(q, pips, img, 1, quiet) == after
        assert dec.act_max_ch.tolist() == dec2.act_max_ch.tolist(), "not deterministic"
        n = export.check_export(cfg, dec, export.model_bytes(cfg, dec))
        # --search-clip: the same from the checkpoint's scales with the
        # clipping steps too; never above where it starts, deterministic,
        # and its scales still export bit-exact
        _, dec3, _, _ = train.load_checkpoint(results["angle_ckpt"])
        _, dec4, _, _ = train.load_checkpoint(results["angle_ckpt"])
        clipped = dec3.search_scales(q, pips, img, 1, quiet, clip=True)
        assert clipped <= before, "clip search raised the MSE %.6f -> %.6f" % (before, clipped)
        assert dec4.search_scales(q, pips, img, 1, quiet, clip=True) == clipped
        assert dec3.act_max_ch.tolist() == dec4.act_max_ch.tolist(), "clip: not deterministic"
        export.check_export(cfg, dec3, export.model_bytes(cfg, dec3))
        return ("integer MSE %.5f -> %.5f on its images (with --search-clip %.5f); "
                "C == emulation on %d latents" % (before, after, clipped, n))

    def qat_keeps_best():
        import torch
        args = ["--dims", "2_2_2_2", "--extra", "1", "--init-from", results["angle_ckpt"],
                "--keep-calibration", "--float-epochs", "0", "--qat-epochs", "2",
                "--lr", "1", "--qat-lr-scale", "1"]
        (dec, _, stats), _ = tiny("angle", args)
        _, src, _, _ = train.load_checkpoint(results["angle_ckpt"])
        assert stats.get("qat_best_epoch") == 0, stats
        a, b = dec.state_dict(), src.state_dict()
        assert all(torch.equal(a[k], b[k]) for k in b), "not the starting model"
        return "lr 1 wrecked both epochs; the starting model came back"

    def final_search():
        args = ["--dims", "2_2_2_2", "--extra", "1", "--init-from", results["angle_ckpt"],
                "--keep-calibration", "--float-epochs", "0", "--qat-epochs", "0",
                "--final-search", "1"]
        (dec, _, stats), cfg = tiny("angle", args)
        _, _, _, sst = train.load_checkpoint(results["angle_ckpt"])
        assert stats["float_mse"] == sst["float_mse"]
        n = export.check_export(cfg, dec, export.model_bytes(cfg, dec))
        return "int8 MSE %.5f -> %.5f; C == emulation on %d latents" % (
            sst["int_mse_emul"], stats["int_mse_emul"], n)

    def polish():
        import torch
        import polish as pol
        cfg, dec, _, _ = train.load_checkpoint(results["angle_ckpt"])
        _, dec2, _, _ = train.load_checkpoint(results["angle_ckpt"])
        q, pips, img = noisy_targets(dec, 5)
        ms_before = [(ly["mult"].tolist(), ly["shift"].tolist()) for ly in dec.quantize()]
        quiet = lambda m: None  # noqa: E731
        before, after = pol.polish(dec, q, pips, img, rounds=1, log=quiet)
        with torch.no_grad():
            real = float(((dec.forward_int(q, pips, grad=False) / 255.0 - img) ** 2).mean())
        assert after <= before, "polish raised the MSE %.6f -> %.6f" % (before, after)
        assert abs(real - after) < 1e-12, "written-back model gives %.8f, polish %.8f" % (
            real, after)
        assert ms_before == [(ly["mult"].tolist(), ly["shift"].tolist())
                             for ly in dec.quantize()], "M or S moved"
        assert pol.polish(dec2, q, pips, img, rounds=1, log=quiet) == (before, after)
        a, b = dec.quantize(), dec2.quantize()
        assert all(torch.equal(x["w"], y["w"]) and torch.equal(x["b"], y["b"])
                   for x, y in zip(a, b)), "not deterministic"
        n = export.check_export(cfg, dec, export.model_bytes(cfg, dec))

        def polish_cfg(flags):
            return train.config_from_args(train.make_parser().parse_args(
                ["--dims", "2_2_2_2", "--out", "x.pt"] + flags))
        assert polish_cfg(["--polish-layers", "3,0,3"])["polish_layers"] == [0, 3]
        for bad in (["--polish-layers", "5"], ["--polish-layers", "x"],
                    ["--polish", "2", "--polish-layers", "0"]):
            try:
                polish_cfg(bad)
            except SystemExit:
                continue
            raise AssertionError("accepted %s" % bad)
        return "integer MSE %.5f -> %.5f on its images; C == emulation on %d latents; " \
            "--polish-layers checked" % (before, after, n)

    def pip_weight():
        (dec, _, stats), cfg = tiny("angle", ["--dims", "2_2_2_2", "--float-epochs", "1",
                                              "--qat-epochs", "1", "--pip-weight", "0.05"])
        import hashlib
        with open(os.path.join(HERE, "pipreader.pt"), "rb") as f:
            assert cfg["pip_reader_sha256"] == hashlib.sha256(f.read()).hexdigest()
        assert cfg["pip_reader"] == "tools/train/pipreader.pt", cfg["pip_reader"]
        n = export.check_export(cfg, dec, export.model_bytes(cfg, dec))
        return "reader recorded; C == emulation on %d latents" % n

    def penalty_model(flags, **expect):
        """A tiny model trained with a float-phase penalty's (or noise's)
        flags: the config records them, and C == emulation on its export."""
        (dec, _, _), cfg = tiny("angle", ["--dims", "2_2_2_2", "--float-epochs", "1",
                                          "--qat-epochs", "1"] + flags)
        for key, val in expect.items():
            assert cfg[key] == val, (key, cfg[key])
        n = export.check_export(cfg, dec, export.model_bytes(cfg, dec))
        return "C == emulation on %d latents" % n

    def overshoot():
        import torch
        pre = torch.tensor([-2.0, 0.5, 3.5, -1.0])
        v = float(train.overshoot_term(pre, 1.0))
        assert v == 0.8125, v        # (1^2 + 1.5^2) / 4: only -2 and 3.5 lie outside [-1, 2]
        return "term exact; " + penalty_model(["--overshoot", "0.02"], overshoot=0.02,
                                              overshoot_margin=1.0)

    def contrib_cap():
        import torch
        dec = train.Decoder((2, 2, 2, 2), 0, 1, train.ANGLE_FRAC)
        with torch.no_grad():
            dec.ws[-1].zero_()                       # [co][ky][kx][ci] = [1][3][3][2]
            dec.ws[-1][0, 1, 1, 0] = 3.0
            dec.ws[-1][0, 0, 0, 1] = -0.5
        x = torch.zeros(2, 2, 16, 16)
        x[1, 0, 3, 4] = 2.0                          # channel maxima over the batch: 2, 10
        x[0, 1, 0, 0] = 10.0
        v = float(train.contrib_term(dec, x, 4.0))
        # contributions 3 * 2 = 6 and 0.5 * 10 = 5 exceed 4 by 2 and 1: (4 + 1) / 18 weights
        assert abs(v - 5.0 / 18.0) < 1e-6, v
        return "term exact; " + penalty_model(["--contrib-cap", "4", "--contrib-weight", "0.01"],
                                              contrib_cap=4.0, contrib_weight=0.01)

    def hidden_cap():
        import torch
        dec = train.Decoder((2, 2, 2, 2), 0, 1, train.ANGLE_FRAC)
        with torch.no_grad():
            for w in dec.ws:
                w.zero_()
            dec.ws[0][1, 0, 0, 1] = -0.5             # layer 1 (8x8): out 1 <- in 1
            dec.ws[1][0, 1, 1, 0] = 3.0              # layer 2 (16x16): out 0 <- in 0
            dec.ws[-1][0, 0, 0, 0] = 100.0           # the last layer is --contrib-cap's, not this term's
        acts = [torch.zeros(2, 2, 4, 4), torch.zeros(2, 2, 8, 8),
                torch.zeros(2, 2, 16, 16), torch.zeros(2, 2, 16, 16)]
        acts[0][0, 1, 2, 2] = 4.0                    # layer 1's input channel 1: max 4
        acts[1][1, 0, 5, 5] = 2.0                    # layer 1's out 0 = layer 2's in 0: max 2
        acts[1][0, 1, 0, 7] = 0.5                    # layer 1's out 1: max 0.5
        acts[2][1, 0, 9, 9] = 1.5                    # layer 2's out 0: max 1.5
        v = float(train.hidden_contrib_term(dec, acts, 1.0))
        # layer 1: 0.5 * 4 / 0.5 = 4, layer 2: 3 * 2 / 1.5 = 4; each exceeds 1 by 3:
        # 9 / 36 weights per layer, layer 3 nothing
        assert abs(v - 0.5) < 1e-6, v
        return "term exact; " + penalty_model(["--hidden-cap", "2", "--contrib-weight", "0.01"],
                                              hidden_cap=2.0, contrib_weight=0.01)

    def quant_noise():
        import torch
        _, dec, _, _ = train.load_checkpoint(results["angle_ckpt"])
        q = dec.quantize(grad=False)
        nz = dec.quant_noise(1.0, 0.0, ste=True)
        for k in range(1, len(q)):
            # --weight-ste's float weights are the integer model's: on the
            # int8 step that quant_noise gives, they are q's integers
            wi = torch.round(nz["wq"][k - 1].double() / nz["wstep"][k - 1].double())
            assert torch.equal(wi, q[k]["w"]), "layer %d" % k
        s = nz["ascale"][1]
        x = torch.rand(8, len(s), 8, 8, generator=torch.Generator().manual_seed(3)) * 300 * \
            s.view(1, -1, 1, 1)
        x[:, :, :2] = 0.0
        top = torch.minimum(x, 255 * s.view(1, -1, 1, 1))
        assert nz["act"] == [1.0] * (dec.n_layers() - 1), nz["act"]
        assert torch.equal(train.Decoder.noisy_act(x, 1, dict(nz, act=[0.0] * len(nz["act"]))),
                           top)
        y = train.Decoder.noisy_act(x, 1, nz)
        assert torch.equal(y[:, :, :2], x[:, :, :2]), "a zero moved"
        assert bool(((y - top).abs() <= 0.5 * s.view(1, -1, 1, 1) * (1 + 1e-6)).all())
        assert bool((y >= 0).all()) and not torch.equal(y, top)
        a = penalty_model(["--act-noise", "1", "--weight-noise", "1"], act_noise=1.0,
                          weight_noise=1.0, weight_ste=False)
        b = penalty_model(["--act-noise", "1", "--weight-ste"], act_noise=1.0, weight_ste=True)
        return "grids exact; --weight-noise: %s; --weight-ste: %s" % (a, b)

    def act_noise_layers():
        import torch
        _, dec, _, _ = train.load_checkpoint(results["angle_ckpt"])
        n = dec.n_layers() - 1
        amp = [0.0] * n
        amp[1] = 0.25
        nz = dec.quant_noise(amp, 0.0)
        assert nz["act"] == amp, nz["act"]
        s = nz["ascale"][1].view(1, -1, 1, 1)
        x = torch.rand(8, s.shape[1], 8, 8, generator=torch.Generator().manual_seed(4)) * 300 * s
        top = torch.minimum(x, 255 * s)
        y = train.Decoder.noisy_act(x, 1, nz)
        assert not torch.equal(y, top)
        assert bool(((y - top).abs() <= 0.125 * s * (1 + 1e-6)).all()), "layer 1: 0.25 steps"
        s0 = nz["ascale"][0].view(1, -1, 1, 1)
        x0 = torch.rand(8, s0.shape[1], 4, 4, generator=torch.Generator().manual_seed(5)) * s0
        assert torch.equal(train.Decoder.noisy_act(x0, 0, nz), x0), "layer 0 has no noise"
        cfg = {"act_noise_layers": amp}
        assert train.noisy_float(cfg) and train.act_noise_amp(cfg, n) == amp
        assert train.act_noise_amp({"act_noise": 0.5}, 3) == [0.5] * 3
        assert not train.noisy_float({"act_noise_layers": None})
        base = ["--dims", "2_2_2_2", "--out", "x.pt"]
        for bad in (["--act-noise-layers", "1,1"], ["--act-noise-layers", "1,x,0,0"],
                    ["--act-noise-layers", "1,nan,0,0"], ["--act-noise-layers", "1,-1,0,0"],
                    ["--act-noise", "1", "--act-noise-layers", "1,1,0,0"]):
            try:
                train.config_from_args(train.make_parser().parse_args(bad + base))
            except SystemExit:
                continue
            raise AssertionError("accepted %s" % bad)
        return "per-layer amplitudes exact; " + penalty_model(
            ["--act-noise-layers", "1,0.5,0,0.25", "--weight-noise", "1"],
            act_noise=0.0, act_noise_layers=[1.0, 0.5, 0.0, 0.25], weight_noise=1.0)

    def noise_ramp():
        got = [train.noise_factor({"noise_ramp": 4}, e) for e in range(6)]
        assert got == [0.25, 0.5, 0.75, 1.0, 1.0, 1.0], got
        assert train.noise_factor({"noise_ramp": 0}, 0) == 1.0
        assert train.noise_factor({}, 0) == 1.0      # checkpoints made before the flag
        for bad in (["--noise-ramp", "3"], ["--act-noise", "1", "--noise-ramp", "-1"]):
            try:
                train.config_from_args(train.make_parser().parse_args(bad + ["--out", "x.pt"]))
            except SystemExit:
                continue
            raise AssertionError("accepted %s" % bad)
        return "factors exact; " + penalty_model(
            ["--act-noise", "1", "--weight-noise", "1", "--noise-ramp", "3"],
            act_noise=1.0, weight_noise=1.0, noise_ramp=3)

    def gap():
        import torch
        import gap as gap_tool
        _, dec, _, _ = train.load_checkpoint(results["angle_ckpt"])
        q, pips, _ = noisy_targets(dec, 5)
        every = set(range(dec.n_layers()))
        with torch.no_grad():
            exact = dec.forward_int(q, pips, grad=False)
            mixed = gap_tool.mixed_forward(dec, q, pips, every, every)
            flt = gap_tool.mixed_forward(dec, q, pips, set(), set())
            ref = dec.forward_float((q / 2.0 ** dec.frac).float(), pips).double() * 255.0
        assert torch.equal(mixed, exact), "all-integer case is not the spec's arithmetic"
        d = float((flt - ref).abs().max())
        assert d < 1e-3, "float case differs from forward_float by %g" % d
        assert not torch.equal(flt, exact)
        assert gap_tool.main([results["angle_ckpt"], "--images", "32"]) == 0
        return "all integer == forward_int exactly; all float == forward_float (%.1e)" % d

    def report_recipe():
        import report
        t = "tools/train/train.py --dims 8_8_8_8 "
        chain = [t + "--init-from b/q.pt --keep-calibration --float-epochs 0 --qat-epochs 0 "
                 "--polish-layers 0 --out b/p0.pt",
                 t + "--init-from b/p.pt --keep-calibration --float-epochs 0 --qat-epochs 0 "
                 "--polish 4 --polish-rounds 1 --pip-weight 0.05 --out b/q.pt",
                 t + "--prune-from models/dice-16_16_16_16.pt --float-epochs 200 --qat-epochs 3 "
                 "--out b/p.pt",
                 # the parent's own training, which is not this model's
                 t + "--seed 7 --float-epochs 150 --qat-epochs 6 --polish 2 --pip-weight 0.1 "
                 "--out b/w.pt"]
        r = {"command": chain[0], "init_recipe": chain[1:], "float_epochs": 0, "qat_epochs": 0}
        got = report.recipe_columns(r)
        want = ("pruned from dice-16_16_16_16", 200, 3, "0.05", "last 4 x1 + layers 0 x2")
        assert got == want, "pruned chain: %r, expected %r" % (got, want)
        r = {"command": chain[3], "init_recipe": [], "float_epochs": 150, "qat_epochs": 6}
        got = report.recipe_columns(r)
        assert got == ("random (seed 7)", 150, 6, "0.1", "last 2 x2"), "random start: %r" % (got,)
        return ""

    check("tvae_emul spec check values", lambda: emul.self_check() and "")
    check("report.py's Recipes columns follow the runs that made a model", report_recipe)
    check("C validator rejects a corrupted header",
          lambda: "" if cref.validate(b"TVAX" + bytes(60)) == emul.STATUS["TVAE_E_MAGIC"]
          else (_ for _ in ()).throw(AssertionError("wrong status")))
    check("tiny angle model: train, export, C == emulation", angle_model)
    if "angle" in results:
        check("training is deterministic", determinism)
    check("tiny CVAE: train, export, C == emulation", cvae_model)
    if "angle_ckpt" in results:
        check("--prune-from copies the kept channels exactly", prune)
        check("--keep-calibration continues QAT with the same scales", keep_calibration)
        check("--scale-search lowers the integer MSE, deterministically", scale_search)
        check("QAT hands back its best epoch", qat_keeps_best)
        check("--final-search with --keep-calibration and no QAT", final_search)
        check("--polish lowers the integer MSE, exactly written back", polish)
        check("gap.py: its integer and float cases are the two models", gap)
        check("--act-noise and --weight-ste: the integer model's grids, and a model "
              "trained with them", quant_noise)
        check("--act-noise-layers: each hidden layer's own amplitude, and a model "
              "trained with it", act_noise_layers)
    check("--noise-ramp: the noise's share per epoch, and a model trained with it",
          noise_ramp)
    check("--pip-weight trains with the pip reader's loss", pip_weight)
    check("--overshoot: the penalty's value, and a model trained with it", overshoot)
    check("--contrib-cap: the penalty's value, and a model trained with it", contrib_cap)
    check("--hidden-cap: the penalty's value, and a model trained with it", hidden_cap)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
