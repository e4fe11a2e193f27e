// Every test here drives Chromium against the built server: the browser tier, which ./test.sh --fast leaves out.
[assembly: AssemblyTrait("Category", "Browser")]
