// esbuild bundles imported stylesheets into scoreboard.css beside the script.
declare module "*.css";
