"""Build hook: compiles the JVM engine with the Maven wrapper and bundles its jars.

`pip install .`, `pip wheel .` and `pip install -e .` all run `./mvnw package` and copy the jars
from jvm/dist/target/jars into the package's `_jars/` folder, so an installed pybridge needs a
Java runtime and nothing else. Set PYBRIDGE_SKIP_MAVEN=1 to reuse jars that are already built.
"""

import os
import shutil
import subprocess
from pathlib import Path

from setuptools import find_packages, setup
from setuptools.command.build_py import build_py

try:  # setuptools >= 70.1 ships bdist_wheel itself
    from setuptools.command.bdist_wheel import bdist_wheel
except ImportError:  # pragma: no cover - older setuptools with the wheel package
    from wheel.bdist_wheel import bdist_wheel

ROOT = Path(__file__).resolve().parent
DIST_JARS = ROOT / "jvm" / "dist" / "target" / "jars"
BUNDLED_JARS = ROOT / "pybridge" / "_jars"
# setuptools inspects the data package before build_py fills it: make sure the folder exists.
BUNDLED_JARS.mkdir(exist_ok=True)


def _build_jars() -> list[Path]:
    jars = sorted(DIST_JARS.glob("*.jar")) if DIST_JARS.is_dir() else []
    if os.environ.get("PYBRIDGE_SKIP_MAVEN") == "1" and jars:
        return jars
    mvnw = ROOT / "mvnw"
    if not mvnw.exists():
        # Building from an sdist without the JVM sources: the jars must already be bundled.
        return []
    if shutil.which("gcc") is None:
        raise RuntimeError(
            "building pybridge needs gcc: the Maven build compiles the engine's native matrix"
            " kernel (jvm/tensor/src/main/c). Install it (e.g. apt-get install gcc) and retry."
        )
    subprocess.run(["sh", str(mvnw), "-q", "-B", "-DskipTests", "package"], cwd=ROOT, check=True)
    jars = sorted(DIST_JARS.glob("*.jar"))
    if not jars:
        raise RuntimeError(f"Maven finished but produced no jars in {DIST_JARS}")
    return jars


class BuildPyWithJars(build_py):
    """Runs the Maven build and copies the engine jars into pybridge/_jars."""

    def run(self) -> None:
        jars = _build_jars()
        targets = [BUNDLED_JARS]
        if not getattr(self, "editable_mode", False):
            targets.append(Path(self.build_lib) / "pybridge" / "_jars")
        for target in targets:
            if jars:
                if target.exists():
                    shutil.rmtree(target)
                target.mkdir(parents=True)
                for jar in jars:
                    shutil.copy2(jar, target / jar.name)
        super().run()


class PlatformWheel(bdist_wheel):
    """Tags the wheel for linux x86-64: it carries that platform's OpenBLAS and JavaCPP natives.

    The Python code itself is pure, hence the py3-none ABI tag.
    """

    def finalize_options(self) -> None:
        super().finalize_options()
        self.root_is_pure = False

    def get_tag(self) -> tuple[str, str, str]:
        return "py3", "none", "manylinux2014_x86_64"


setup(
    # _jars holds only the bundled jars (no Python): listed explicitly as a data package.
    packages=[*find_packages(include=["pybridge", "pybridge.*"]), "pybridge._jars"],
    package_data={"pybridge._jars": ["*.jar"], "pybridge.spark": ["*.properties"]},
    cmdclass={"build_py": BuildPyWithJars, "bdist_wheel": PlatformWheel},
)
