import { render } from 'preact';
import { App } from './app.js';
import './styles.css';
import { startTheme } from './theme/theme.js';

startTheme();

const root = document.getElementById('app');
if (root) render(<App />, root);
