/**
 * A box the patient signs in with a mouse, pen or finger (pointer events). The drawing becomes a
 * PNG data URL, stored only encrypted with the consent event. "Clear" starts again.
 */
import { useEffect, useRef } from 'react';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';

const WIDTH = 480;
const HEIGHT = 140;

export function SignaturePad({ onChange, label = 'Patient’s signature' }: { onChange: (dataUrl: string | null) => void; label?: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const drawing = useRef(false);
  const drawn = useRef(false);

  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx) return;
    ctx.lineWidth = 2.5;
    ctx.lineCap = 'round';
    ctx.strokeStyle = '#1b1b1f';
  }, []);

  const point = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    return { x: ((e.clientX - rect.left) * WIDTH) / rect.width, y: ((e.clientY - rect.top) * HEIGHT) / rect.height };
  };
  const clear = () => {
    canvas.current?.getContext('2d')?.clearRect(0, 0, WIDTH, HEIGHT);
    drawn.current = false;
    onChange(null);
  };

  return (
    <Box>
      <Typography id="signature-label" variant="body2" sx={{ mb: 0.5 }}>
        {label}
      </Typography>
      <Box
        component="canvas"
        ref={canvas}
        width={WIDTH}
        height={HEIGHT}
        role="img"
        aria-labelledby="signature-label"
        data-testid="signature-pad"
        onPointerDown={(e: React.PointerEvent<HTMLCanvasElement>) => {
          const ctx = e.currentTarget.getContext('2d');
          if (!ctx) return;
          e.currentTarget.setPointerCapture?.(e.pointerId);
          drawing.current = true;
          const p = point(e);
          ctx.beginPath();
          ctx.moveTo(p.x, p.y);
        }}
        onPointerMove={(e: React.PointerEvent<HTMLCanvasElement>) => {
          if (!drawing.current) return;
          const ctx = e.currentTarget.getContext('2d');
          if (!ctx) return;
          const p = point(e);
          ctx.lineTo(p.x, p.y);
          ctx.stroke();
          drawn.current = true;
        }}
        onPointerUp={(e: React.PointerEvent<HTMLCanvasElement>) => {
          drawing.current = false;
          if (drawn.current) onChange(e.currentTarget.toDataURL('image/png'));
        }}
        sx={{ display: 'block', width: '100%', maxWidth: WIDTH, height: 'auto', aspectRatio: `${WIDTH} / ${HEIGHT}`, border: 1, borderColor: 'text.secondary', borderRadius: 1, bgcolor: '#fff', touchAction: 'none', cursor: 'crosshair' }}
      />
      <Button size="small" onClick={clear} sx={{ mt: 0.5 }}>
        Clear signature
      </Button>
    </Box>
  );
}
